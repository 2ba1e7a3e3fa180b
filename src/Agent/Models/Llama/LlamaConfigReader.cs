using System.Text.Json;
using System.Text.Json.Nodes;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Decoders;

namespace LabPortal.Agent.Models.Llama;

/// <summary>
/// Reads a Llama-family config.json (model_type llama, qwen2 or mistral) as a <see cref="LlamaConfig"/>. The sizes must
/// be there (Hugging Face's defaults describe a 7B model, never what a small file meant); what this model does not
/// implement (another activation, YaRN or dynamic RoPE scaling, Qwen2's per-layer sliding window) is refused by name.
/// </summary>
public static class LlamaConfigReader
{
    public static readonly IReadOnlyList<string> ModelTypes = ["llama", "qwen2", "mistral"];

    public static bool IsLlamaFamily(string? modelType) => modelType is not null && ModelTypes.Contains(modelType);

    public static LlamaConfig Read(JsonObject root, string path)
    {
        var modelType = HuggingFaceConfig.ModelType(root) ?? "";
        if (!IsLlamaFamily(modelType))
        {
            throw new CheckpointException($"{path}: model_type '{modelType}' is not a Llama-family decoder ({string.Join(", ", ModelTypes)}).");
        }

        HuggingFaceConfig.RequireValue(root, "hidden_act", "silu", path);
        if (root["use_sliding_window"]?.GetValueKind() == JsonValueKind.True)
        {
            throw new CheckpointException($"{path}: use_sliding_window true is not supported (Qwen2's window applies to some layers only).");
        }

        var hidden = HuggingFaceConfig.RequiredPositive(root, "hidden_size", path);
        var heads = HuggingFaceConfig.RequiredPositive(root, "num_attention_heads", path);
        if (root["head_dim"] is null && hidden % heads != 0)
        {
            throw new CheckpointException($"{path}: hidden_size {hidden} is not a multiple of num_attention_heads {heads}, and there is no head_dim.");
        }

        var keyValueHeads = HuggingFaceConfig.Int(root, "num_key_value_heads", heads, path);
        if (keyValueHeads < 1 || heads % keyValueHeads != 0)
        {
            throw new CheckpointException($"{path}: num_attention_heads {heads} is not a multiple of num_key_value_heads {keyValueHeads}.");
        }

        var attentionBias = Bool(root, "attention_bias", false, path);
        var qwen2 = modelType == "qwen2";
        return new LlamaConfig
        {
            ModelType = modelType,
            VocabSize = HuggingFaceConfig.RequiredPositive(root, "vocab_size", path),
            HiddenSize = hidden,
            IntermediateSize = HuggingFaceConfig.RequiredPositive(root, "intermediate_size", path),
            NumHiddenLayers = HuggingFaceConfig.RequiredPositive(root, "num_hidden_layers", path),
            NumAttentionHeads = heads,
            NumKeyValueHeads = keyValueHeads,
            HeadDim = root["head_dim"] is null ? hidden / heads : HuggingFaceConfig.Int(root, "head_dim", 0, path),
            RmsNormEps = HuggingFaceConfig.Double(root, "rms_norm_eps", 1e-6, path),
            Rope = ReadRope(root, path),
            QkvBias = qwen2 || attentionBias,
            OutputBias = !qwen2 && attentionBias,
            MlpBias = Bool(root, "mlp_bias", false, path),
            SlidingWindow = modelType == "mistral" && root["sliding_window"] is not null ? HuggingFaceConfig.Int(root, "sliding_window", 0, path) : null,
            AttentionDropout = HuggingFaceConfig.Double(root, "attention_dropout", 0, path),
            InitializerRange = HuggingFaceConfig.Double(root, "initializer_range", 0.02, path),
            TieWordEmbeddings = Bool(root, "tie_word_embeddings", false, path),
            EmbeddingPaddingId = DecoderFolder.ConfigPadTokenId(root, path),
        };
    }

    private static RopeSettings ReadRope(JsonObject root, string path)
    {
        var theta = HuggingFaceConfig.Double(root, "rope_theta", 10000, path);
        if (root["rope_scaling"] is not JsonObject scaling)
        {
            return root["rope_scaling"] is null
                ? new RopeSettings { Theta = theta }
                : throw new CheckpointException($"{path}: rope_scaling must be an object or null (got {root["rope_scaling"]!.ToJsonString()}).");
        }

        var type = (scaling["rope_type"] ?? scaling["type"])?.ToString()
            ?? throw new CheckpointException($"{path}: rope_scaling has no rope_type.");
        if (type is not ("default" or "linear" or "llama3"))
        {
            throw new CheckpointException($"{path}: rope_scaling.rope_type '{type}' is not supported (default, linear, llama3).");
        }

        var defaults = new RopeSettings();
        var rope = new RopeSettings
        {
            Theta = theta,
            Type = type,
            Factor = type == "default" ? 1 : RequiredDouble(scaling, "factor", path),
            LowFreqFactor = HuggingFaceConfig.Double(scaling, "low_freq_factor", defaults.LowFreqFactor, path),
            HighFreqFactor = HuggingFaceConfig.Double(scaling, "high_freq_factor", defaults.HighFreqFactor, path),
            OriginalMaxPositionEmbeddings = HuggingFaceConfig.Int(scaling, "original_max_position_embeddings", defaults.OriginalMaxPositionEmbeddings, path),
        };
        if (type == "llama3" && !(rope.HighFreqFactor > rope.LowFreqFactor))
        {
            throw new CheckpointException($"{path}: rope_scaling.high_freq_factor ({rope.HighFreqFactor}) must exceed low_freq_factor ({rope.LowFreqFactor}).");
        }

        return rope;
    }

    private static double RequiredDouble(JsonObject root, string name, string path) =>
        root[name] is null
            ? throw new CheckpointException($"{path}: rope_scaling.{name} is missing.")
            : HuggingFaceConfig.Double(root, name, 0, path);

    private static bool Bool(JsonObject root, string name, bool fallback, string path) => root[name]?.GetValueKind() switch
    {
        null => fallback,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new CheckpointException($"{path}: {name} must be true or false (got {root[name]!.ToJsonString()})."),
    };
}
