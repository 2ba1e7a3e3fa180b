using System.Text.Json.Nodes;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.T5;
using LabPortal.Agent.Training;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models;

/// <summary>
/// Our T5 encoder against tools/t5_reference.py, a separate implementation of Hugging Face's T5 encoder: its
/// checkpoints (a full T5ForConditionalGeneration with gated-GELU, d_kv 6 and decoder tensors in bf16; a T5EncoderModel
/// with ReLU in fp16), inputs of 14 tokens that reach every kind of relative-position bucket, and the final states and
/// mean-pooled logits it computed.
/// </summary>
public sealed class T5ParityTests
{
    private const double Tolerance = 1e-4;

    [Theory]
    [InlineData("gated")]
    [InlineData("relu")]
    public void Our_t5_final_states_and_logits_match_the_independent_reference_within_1e_4(string variant)
    {
        var (model, expected, inputIds, attentionMask) = Load(variant);
        using var _ = model;
        using var __ = inputIds;
        using var ___ = attentionMask;
        using var noGrad = torch.no_grad();

        using var logits = model.call(inputIds, inputIds, attentionMask);
        var (features, states, _) = model.Features(new PairBatch(new BatchTensors(inputIds, inputIds, attentionMask), null, null));
        using var f = features;
        using var s = states;

        Assert.InRange(LargestDeviation(states, logits, expected), 0, Tolerance);
    }

    [Fact]
    public void The_fixture_tells_a_missing_relative_position_bias_apart()
    {
        var (model, expected, inputIds, attentionMask) = Load("gated");
        using var _ = model;
        using var __ = inputIds;
        using var ___ = attentionMask;
        using var noGrad = torch.no_grad();
        var table = model.named_parameters().Single(p => p.name.EndsWith("relative_attention_bias.weight", StringComparison.Ordinal)).parameter;
        table.zero_();

        using var logits = model.call(inputIds, inputIds, attentionMask);
        var (features, states, _) = model.Features(new PairBatch(new BatchTensors(inputIds, inputIds, attentionMask), null, null));
        using var f = features;
        using var s = states;

        Assert.True(LargestDeviation(states, logits, expected) > 1000 * Tolerance, "without its position bias the encoder must move far from the reference");
    }

    private static (T5ForPairClassification Model, JsonNode Expected, torch.Tensor InputIds, torch.Tensor AttentionMask) Load(string variant)
    {
        var folder = Path.Combine(TestPaths.RepositoryRoot, "tests", "Agent.Tests", "Models", "T5Parity", variant);
        var configPath = Path.Combine(folder, CheckpointFiles.Config);
        var checkpoint = new T5Checkpoint(T5ConfigReader.Read(HuggingFaceConfig.ReadObject(configPath), configPath), Path.Combine(folder, CheckpointFiles.Safetensors));
        torch.manual_seed(0);
        var model = (T5ForPairClassification)checkpoint.Create(T5ForPairClassification.DefaultHead, outputs: 2);
        checkpoint.LoadWeights(model);
        model.eval();
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "expected.json")))!;
        var ids = Matrix(expected["input_ids"]!);
        var mask = Matrix(expected["attention_mask"]!);
        return (model, expected,
            torch.tensor(ids.SelectMany(r => r).ToArray(), ids.Length, ids[0].Length),
            torch.tensor(mask.SelectMany(r => r).ToArray(), ids.Length, ids[0].Length));
    }

    /// <summary>The largest difference from the reference over the logits and the real tokens' final states.</summary>
    private static double LargestDeviation(torch.Tensor states, torch.Tensor logits, JsonNode expected)
    {
        var largest = 0.0;
        var expectedLogits = expected["logits"]!.AsArray();
        for (var row = 0; row < expectedLogits.Count; row++)
        {
            for (var label = 0; label < 2; label++)
            {
                largest = Math.Max(largest, Math.Abs(logits[row, label].item<float>() - expectedLogits[row]![label]!.GetValue<double>()));
            }

            var expectedStates = expected["hidden_states"]![row]!.AsArray();
            for (var t = 0; t < expectedStates.Count; t++)
            {
                var ours = states[row, t].data<float>().ToArray();
                var theirs = expectedStates[t]!.AsArray().Select(v => v!.GetValue<double>());
                largest = Math.Max(largest, ours.Zip(theirs).Max(pair => Math.Abs(pair.First - pair.Second)));
            }
        }

        return largest;
    }

    private static long[][] Matrix(JsonNode node) => node.AsArray().Select(r => r!.AsArray().Select(v => v!.GetValue<long>()).ToArray()).ToArray();
}
