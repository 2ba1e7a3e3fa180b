using System.Text.Json.Nodes;
using LabPortal.Agent.Models.Checkpoints;

namespace LabPortal.Agent.Models.T5;

/// <summary>
/// Reads a T5 config.json (model_type t5, of T5EncoderModel or a full T5ForConditionalGeneration / Flan-T5, whose
/// decoder is not read) as a <see cref="T5Config"/>. The sizes must be there; a feed_forward_proj this model does not
/// implement is refused by name.
/// </summary>
public static class T5ConfigReader
{
    public const string ModelType = "t5";

    private static readonly string[] Activations = ["relu", "gelu", "gelu_new", "silu"];

    public static T5Config Read(JsonObject root, string path)
    {
        var (activation, gated) = FeedForward(root["feed_forward_proj"]?.ToString() ?? "relu", path);
        var defaults = new T5Config();
        var buckets = Positive(root, "relative_attention_num_buckets", defaults.RelativeAttentionBuckets, path);
        if (buckets < 4 || buckets % 2 != 0)
        {
            throw new CheckpointException($"{path}: relative_attention_num_buckets must be even and at least 4 (half for each direction, half of those exact; got {buckets}).");
        }

        return new T5Config
        {
            VocabSize = HuggingFaceConfig.RequiredPositive(root, "vocab_size", path),
            ModelDim = HuggingFaceConfig.RequiredPositive(root, "d_model", path),
            KeyValueDim = HuggingFaceConfig.RequiredPositive(root, "d_kv", path),
            FeedForwardDim = HuggingFaceConfig.RequiredPositive(root, "d_ff", path),
            NumLayers = HuggingFaceConfig.RequiredPositive(root, "num_layers", path),
            NumHeads = HuggingFaceConfig.RequiredPositive(root, "num_heads", path),
            RelativeAttentionBuckets = buckets,
            RelativeAttentionMaxDistance = Positive(root, "relative_attention_max_distance", defaults.RelativeAttentionMaxDistance, path),
            DropoutRate = HuggingFaceConfig.Double(root, "dropout_rate", defaults.DropoutRate, path),
            ClassifierDropout = HuggingFaceConfig.Double(root, "classifier_dropout", 0, path),
            LayerNormEps = HuggingFaceConfig.Double(root, "layer_norm_epsilon", defaults.LayerNormEps, path),
            InitializerFactor = HuggingFaceConfig.Double(root, "initializer_factor", 1, path),
            Activation = activation,
            GatedFeedForward = gated,
            PadTokenId = HuggingFaceConfig.Int(root, "pad_token_id", 0, path),
            EosTokenId = HuggingFaceConfig.Int(root, "eos_token_id", 1, path),
        };
    }

    /// <summary>
    /// T5Config's reading of feed_forward_proj: "act" or "gated-act"; "gated-gelu" means the tanh approximation
    /// (gelu_new), as Hugging Face maps it for T5 v1.1 checkpoints.
    /// </summary>
    private static (string Activation, bool Gated) FeedForward(string value, string path)
    {
        var gated = value.StartsWith("gated-", StringComparison.Ordinal);
        var activation = gated ? value["gated-".Length..] : value;
        if (value == "gated-gelu")
        {
            activation = "gelu_new";
        }

        return Activations.Contains(activation)
            ? (activation, gated)
            : throw new CheckpointException($"{path}: feed_forward_proj '{value}' is not supported ({string.Join(", ", Activations)}, each optionally 'gated-').");
    }

    private static int Positive(JsonObject root, string name, int fallback, string path)
    {
        var value = HuggingFaceConfig.Int(root, name, fallback, path);
        return value > 0 ? value : throw new CheckpointException($"{path}: {name} must be positive (got {value}).");
    }
}
