using System.Text.Json.Nodes;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Tests.Models.Llama;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Gpt2;

/// <summary>
/// A tiny GPT2LMHeadModel checkpoint folder as save_pretrained writes it: config.json, seeded weights by Hugging Face's
/// names with Conv1D weights stored (in, out), tied embeddings (no lm_head), and GPT-2's tokenizer.json layout.
/// </summary>
internal static class SmallGpt2Checkpoint
{
    public const int Hidden = 16;
    public const int Heads = 4;
    public const int Layers = 2;
    public const int Positions = 64;

    public static int EndOfText => SmallLlamaCheckpoint.BeginId;

    /// <param name="originalNames">As the original gpt2 files: no <c>transformer.</c> prefix, and each block's causal-mask buffers beside its weights.</param>
    public static void Write(string folder, torch.ScalarType dtype = torch.ScalarType.Float32, bool originalNames = false)
    {
        Directory.CreateDirectory(folder);
        var config = new JsonObject
        {
            ["model_type"] = "gpt2",
            ["architectures"] = new JsonArray("GPT2LMHeadModel"),
            ["vocab_size"] = SmallLlamaCheckpoint.VocabSize,
            ["n_embd"] = Hidden,
            ["n_layer"] = Layers,
            ["n_head"] = Heads,
            ["n_inner"] = null,
            ["n_positions"] = Positions,
            ["activation_function"] = "gelu_new",
            ["layer_norm_epsilon"] = 1e-5,
            ["resid_pdrop"] = 0.0,
            ["embd_pdrop"] = 0.0,
            ["attn_pdrop"] = 0.0,
            ["bos_token_id"] = EndOfText,
            ["eos_token_id"] = EndOfText,
        };
        File.WriteAllText(Path.Combine(folder, CheckpointFiles.Config), config.ToJsonString());
        File.WriteAllText(Path.Combine(folder, CheckpointFiles.TokenizerJson), SmallLlamaCheckpoint.TokenizerJson(gpt2: true));
        var weights = Weights(dtype);
        if (originalNames)
        {
            weights = weights.Select(w => (w.Name["transformer.".Length..], w.Tensor)).ToList();
            for (var layer = 0; layer < Layers; layer++)
            {
                weights.Add(($"h.{layer}.attn.bias", torch.ones(Positions, Positions).tril().view(1, 1, Positions, Positions)));
                weights.Add(($"h.{layer}.attn.masked_bias", torch.tensor(-1e4f)));
            }
        }

        SafetensorsFile.Write(Path.Combine(folder, CheckpointFiles.Safetensors), weights);
    }

    /// <summary>Every tensor by Hugging Face's name; Conv1D weights are (in, out), as GPT-2 stores them.</summary>
    public static List<(string Name, torch.Tensor Tensor)> Weights(torch.ScalarType dtype = torch.ScalarType.Float32)
    {
        const int inner = 4 * Hidden;
        var shapes = new List<(string, long[])> { ("transformer.wte.weight", [SmallLlamaCheckpoint.VocabSize, Hidden]), ("transformer.wpe.weight", [Positions, Hidden]) };
        for (var layer = 0; layer < Layers; layer++)
        {
            var p = $"transformer.h.{layer}.";
            shapes.AddRange(new (string, long[])[]
            {
                (p + "ln_1.weight", [Hidden]), (p + "ln_1.bias", [Hidden]),
                (p + "attn.c_attn.weight", [Hidden, 3 * Hidden]), (p + "attn.c_attn.bias", [3 * Hidden]),
                (p + "attn.c_proj.weight", [Hidden, Hidden]), (p + "attn.c_proj.bias", [Hidden]),
                (p + "ln_2.weight", [Hidden]), (p + "ln_2.bias", [Hidden]),
                (p + "mlp.c_fc.weight", [Hidden, inner]), (p + "mlp.c_fc.bias", [inner]),
                (p + "mlp.c_proj.weight", [inner, Hidden]), (p + "mlp.c_proj.bias", [Hidden]),
            });
        }

        shapes.Add(("transformer.ln_f.weight", [Hidden]));
        shapes.Add(("transformer.ln_f.bias", [Hidden]));
        var generator = new torch.Generator(9);
        return shapes.Select(s =>
        {
            using var noise = torch.randn(s.Item2, generator: generator);
            var isScale = s.Item1.EndsWith("ln_1.weight", StringComparison.Ordinal) || s.Item1.EndsWith("ln_2.weight", StringComparison.Ordinal) || s.Item1.EndsWith("ln_f.weight", StringComparison.Ordinal);
            using var values = isScale ? noise.Times(0.1).Plus(1) : noise.Times(0.2);
            return (s.Item1, values.to_type(dtype));
        }).ToList();
    }
}
