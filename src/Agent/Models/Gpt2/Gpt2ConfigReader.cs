using System.Text.Json.Nodes;
using LabPortal.Agent.Models.Checkpoints;

namespace LabPortal.Agent.Models.Gpt2;

/// <summary>
/// Reads a GPT-2 config.json (model_type gpt2). The sizes must be there; what this model does not implement (another
/// activation than gelu_new, unscaled or per-layer-scaled attention, reordered upcasting) is refused by name.
/// </summary>
public static class Gpt2ConfigReader
{
    public const string ModelType = "gpt2";

    public static Gpt2Config Read(JsonObject root, string path)
    {
        HuggingFaceConfig.RequireValue(root, "activation_function", "gelu_new", path);
        RequireFlag(root, "scale_attn_weights", expected: true, path);
        RequireFlag(root, "scale_attn_by_inverse_layer_idx", expected: false, path);
        RequireFlag(root, "reorder_and_upcast_attn", expected: false, path);
        var hidden = HuggingFaceConfig.RequiredPositive(root, "n_embd", path);
        var heads = HuggingFaceConfig.RequiredPositive(root, "n_head", path);
        if (hidden % heads != 0)
        {
            throw new CheckpointException($"{path}: n_embd {hidden} is not a multiple of n_head {heads}.");
        }

        return new Gpt2Config
        {
            VocabSize = HuggingFaceConfig.RequiredPositive(root, "vocab_size", path),
            HiddenSize = hidden,
            NumLayers = HuggingFaceConfig.RequiredPositive(root, "n_layer", path),
            NumHeads = heads,
            InnerSize = root["n_inner"] is null ? 4 * hidden : HuggingFaceConfig.Int(root, "n_inner", 0, path),
            MaxPositions = HuggingFaceConfig.RequiredPositive(root, "n_positions", path),
            LayerNormEps = HuggingFaceConfig.Double(root, "layer_norm_epsilon", 1e-5, path),
            EmbeddingDropout = HuggingFaceConfig.Double(root, "embd_pdrop", 0.1, path),
            AttentionDropout = HuggingFaceConfig.Double(root, "attn_pdrop", 0.1, path),
            ResidualDropout = HuggingFaceConfig.Double(root, "resid_pdrop", 0.1, path),
            InitializerRange = HuggingFaceConfig.Double(root, "initializer_range", 0.02, path),
        };
    }

    private static void RequireFlag(JsonObject root, string name, bool expected, string path)
    {
        if (root[name] is { } node && node.GetValueKind() != (expected ? System.Text.Json.JsonValueKind.True : System.Text.Json.JsonValueKind.False))
        {
            throw new CheckpointException($"{path}: {name} {node.ToJsonString()} is not supported (only {(expected ? "true" : "false")}).");
        }
    }
}
