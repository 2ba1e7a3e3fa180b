using System.Text.Json.Nodes;
using LabPortal.Agent.Models;
using LabPortal.Agent.Training;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models;

/// <summary>
/// Our decoders against tools/llama_reference.py and tools/gpt2_reference.py, separate implementations of Hugging
/// Face's forward passes: their checkpoints (Llama with GQA, head_dim 6 and Llama 3 RoPE scaling in fp32; Qwen2 with
/// q/k/v biases in bf16; Mistral with a sliding window of 3 in fp16; GPT-2 with Conv1D weights in fp16) and the final
/// states and logits they computed for two padded prompts.
/// </summary>
public sealed class DecoderParityTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("llama")]
    [InlineData("qwen2")]
    [InlineData("mistral")]
    [InlineData("gpt2")]
    public void Our_final_states_and_logits_match_the_independent_reference_within_1e_4(string variant)
    {
        var folder = ParityCheckpoints.Folder(variant);
        using var model = ParityCheckpoints.Load(variant);
        model.eval();
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")))!;
        var ids = Matrix(expected["input_ids"]!);
        var mask = Matrix(expected["attention_mask"]!);
        using var inputIds = torch.tensor(ids.SelectMany(r => r).ToArray(), ids.Length, ids[0].Length);
        using var attentionMask = torch.tensor(mask.SelectMany(r => r).ToArray(), ids.Length, ids[0].Length);
        using var noGrad = torch.no_grad();

        using var logits = model.call(inputIds, inputIds, attentionMask);
        var batch = new PairBatch(new BatchTensors(inputIds, inputIds, attentionMask), null, null);
        var (features, states, _) = model.Features(batch);
        using var __ = features;
        using var ___ = states;

        var expectedLogits = expected["logits"]!.AsArray();
        for (var row = 0; row < ids.Length; row++)
        {
            for (var label = 0; label < 2; label++)
            {
                Assert.InRange(logits[row, label].item<float>() - expectedLogits[row]![label]!.GetValue<double>(), -Tolerance, Tolerance);
            }

            var expectedStates = expected["hidden_states"]![row]!.AsArray();
            for (var t = 0; t < expectedStates.Count; t++)
            {
                var ours = states[row, t].data<float>().ToArray();
                var theirs = expectedStates[t]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
                Assert.All(ours.Zip(theirs), pair => Assert.InRange(pair.First - pair.Second, -Tolerance, Tolerance));
            }
        }
    }

    private static long[][] Matrix(JsonNode node) => node.AsArray().Select(r => r!.AsArray().Select(v => v!.GetValue<long>()).ToArray()).ToArray();
}
