using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>
/// Reads and writes a checkpoint's <c>config.json</c> (Hugging Face's BertConfig / RobertaConfig fields) as a
/// <see cref="BertConfig"/>. Only what this model implements is accepted: absolute positions and exact GELU.
/// </summary>
public static class HuggingFaceConfig
{
    // Our own field: a model exported without a pooler says so (Hugging Face ignores unknown fields).
    private const string AddPoolingLayer = "add_pooling_layer";
    private const string ClassifierDropout = "classifier_dropout";

    public static BertConfig Read(string path) => Read(ReadObject(path), path);

    /// <summary>The config of a BERT or RoBERTa checkpoint from its parsed config.json.</summary>
    public static BertConfig Read(JsonObject root, string path)
    {
        var family = ReadFamily(root, path);
        RequireValue(root, "hidden_act", "gelu", path);
        RequireValue(root, "position_embedding_type", "absolute", path);
        var defaults = new BertConfig();
        var config = new BertConfig
        {
            Family = family,
            VocabSize = Int(root, "vocab_size", defaults.VocabSize, path),
            HiddenSize = Int(root, "hidden_size", defaults.HiddenSize, path),
            NumHiddenLayers = Int(root, "num_hidden_layers", defaults.NumHiddenLayers, path),
            NumAttentionHeads = Int(root, "num_attention_heads", defaults.NumAttentionHeads, path),
            IntermediateSize = Int(root, "intermediate_size", defaults.IntermediateSize, path),
            MaxPositionEmbeddings = Int(root, "max_position_embeddings", defaults.MaxPositionEmbeddings, path),
            TypeVocabSize = Int(root, "type_vocab_size", defaults.TypeVocabSize, path),
            LayerNormEps = Double(root, "layer_norm_eps", defaults.LayerNormEps, path),
            HiddenDropoutProb = Double(root, "hidden_dropout_prob", defaults.HiddenDropoutProb, path),
            AttentionProbsDropoutProb = Double(root, "attention_probs_dropout_prob", defaults.AttentionProbsDropoutProb, path),
            ClassifierDropout = root[ClassifierDropout] is null ? null : Double(root, ClassifierDropout, 0, path), // null in most configs
            // RobertaConfig's default pad id is 1 (<pad>), BertConfig's 0 ([PAD]).
            PadTokenId = Int(root, "pad_token_id", family == EncoderFamily.Roberta ? 1 : 0, path),
            InitializerRange = Double(root, "initializer_range", defaults.InitializerRange, path),
            AddPoolingLayer = root[AddPoolingLayer]?.GetValueKind() != JsonValueKind.False,
        };

        if (config.ClassifierDropout is { } dropout && !(dropout is >= 0 and < 1))
        {
            throw new CheckpointException($"{path}: {ClassifierDropout} must be at least 0 and below 1 (got {dropout}).");
        }

        if (config.HiddenSize % config.NumAttentionHeads != 0)
        {
            throw new CheckpointException($"{path}: hidden_size {config.HiddenSize} is not a multiple of num_attention_heads {config.NumAttentionHeads}.");
        }

        return config;
    }

    /// <summary>Writes the config of a <c>…ForSequenceClassification</c> model with <paramref name="labels"/> outputs (LABEL_0 …).</summary>
    public static void Write(BertConfig config, string path, int labels = 2)
    {
        var roberta = config.Family == EncoderFamily.Roberta;
        var root = new JsonObject
        {
            ["architectures"] = new JsonArray(roberta ? "RobertaForSequenceClassification" : "BertForSequenceClassification"),
            ["model_type"] = roberta ? "roberta" : "bert",
            ["vocab_size"] = config.VocabSize,
            ["hidden_size"] = config.HiddenSize,
            ["num_hidden_layers"] = config.NumHiddenLayers,
            ["num_attention_heads"] = config.NumAttentionHeads,
            ["intermediate_size"] = config.IntermediateSize,
            ["hidden_act"] = "gelu",
            ["hidden_dropout_prob"] = config.HiddenDropoutProb,
            ["attention_probs_dropout_prob"] = config.AttentionProbsDropoutProb,
            [ClassifierDropout] = config.ClassifierDropout,
            ["max_position_embeddings"] = config.MaxPositionEmbeddings,
            ["type_vocab_size"] = config.TypeVocabSize,
            ["initializer_range"] = config.InitializerRange,
            ["layer_norm_eps"] = config.LayerNormEps,
            ["pad_token_id"] = config.PadTokenId,
            ["position_embedding_type"] = "absolute",
            ["id2label"] = new JsonObject(Enumerable.Range(0, labels).Select(i => KeyValuePair.Create($"{i}", (JsonNode?)$"LABEL_{i}"))),
            ["label2id"] = new JsonObject(Enumerable.Range(0, labels).Select(i => KeyValuePair.Create($"LABEL_{i}", (JsonNode?)i))),
        };
        if (!config.AddPoolingLayer)
        {
            root[AddPoolingLayer] = false;
        }

        File.WriteAllText(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    /// <summary>config.json as a JSON object; a missing or malformed file is an error naming it.</summary>
    public static JsonObject ReadObject(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"The checkpoint has no {Path.GetFileName(path)} ({path} is missing).");
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new CheckpointException($"{path}: expected a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new CheckpointException($"{path}: invalid JSON ({exception.Message})", exception);
        }
    }

    /// <summary>config.json's model_type, or null when it has none (old BERT configs).</summary>
    public static string? ModelType(JsonObject root) => root["model_type"]?.ToString();

    /// <summary>model_type decides; old configs without it are recognised by their architectures.</summary>
    private static EncoderFamily ReadFamily(JsonObject root, string path)
    {
        var architectures = root["architectures"] is JsonArray list ? list.Select(a => a?.ToString() ?? "").ToList() : [];
        var modelType = root["model_type"]?.ToString()
            ?? (architectures.Count > 0 && architectures.All(a => a.StartsWith("Roberta", StringComparison.Ordinal)) ? "roberta"
                : architectures.Count > 0 && architectures.All(a => a.StartsWith("Bert", StringComparison.Ordinal)) ? "bert"
                : throw new CheckpointException($"{path}: no model_type, and the architectures [{string.Join(", ", architectures)}] are not BERT or RoBERTa ones."));

        var (family, prefix) = modelType switch
        {
            "bert" => (EncoderFamily.Bert, "Bert"),
            "roberta" => (EncoderFamily.Roberta, "Roberta"),
            _ => throw new CheckpointException($"{path}: model_type '{modelType}' is not supported (supported: bert, roberta, llama, qwen2, mistral, gpt2, t5)."),
        };

        var foreign = architectures.FirstOrDefault(a => !a.StartsWith(prefix, StringComparison.Ordinal));
        if (foreign is not null)
        {
            throw new CheckpointException($"{path}: architecture '{foreign}' is not a {prefix} model (model_type is '{modelType}').");
        }

        return family;
    }

    internal static void RequireValue(JsonObject root, string name, string supported, string path)
    {
        if (root[name] is { } node && node.ToString() != supported)
        {
            throw new CheckpointException($"{path}: {name} '{node}' is not supported (only '{supported}').");
        }
    }

    /// <summary>A size field that must be present and positive (Hugging Face's defaults describe a large model).</summary>
    internal static int RequiredPositive(JsonObject root, string name, string path)
    {
        var value = root[name] is null
            ? throw new CheckpointException($"{path}: the field {name} is missing.")
            : HuggingFaceConfig.Int(root, name, 0, path);
        return value > 0 ? value : throw new CheckpointException($"{path}: {name} must be positive (got {value}).");
    }

    internal static int Int(JsonObject root, string name, int fallback, string path) =>
        root[name] switch
        {
            null => fallback,
            JsonValue value when value.TryGetValue<int>(out var number) => number,
            var other => throw new CheckpointException($"{path}: {name} must be a whole number (got {other.ToJsonString()})."),
        };

    internal static double Double(JsonObject root, string name, double fallback, string path) =>
        root[name] switch
        {
            null => fallback,
            JsonValue value when value.TryGetValue<double>(out var number) => number,
            JsonValue value when double.TryParse(value.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            var other => throw new CheckpointException($"{path}: {name} must be a number (got {other.ToJsonString()})."),
        };
}
