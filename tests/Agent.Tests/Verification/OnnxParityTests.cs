using LabPortal.Agent.Data;
using LabPortal.Agent.Models.Packaged;
using LabPortal.Agent.Tests.Models.Packaged;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Verification;
using TorchSharp;

namespace LabPortal.Agent.Tests.Verification;

[Collection(PackagedEncoderCollection.Name)]
public sealed class OnnxParityTests(PackagedEncoderFixture fixture)
{
    [Theory]
    [InlineData("minilm")]
    [InlineData("arctic-xs")]
    public void Our_last_hidden_states_match_onnx_runtime_on_real_qqp_pairs(string name)
    {
        var loaded = fixture.Loaded(name);
        var packaged = PackagedModel.All.Single(m => m.Name == name);
        using var reference = new OnnxRuntimeEncoder(packaged.ReadOnnx(), torch.get_num_threads());
        var encoder = new PairEncoder(loaded.Tokenizer, maxLength: 128);
        var batches = PairFileReader.Read(TestPaths.QqpDev, PairFileLayout.Qqp).Take(24).Chunk(8)
            .Select(chunk => PaddedBatch.From(chunk.Select(p => encoder.Encode(p.First, p.Second)).ToList(), loaded.Tokenizer.Special.Pad))
            .ToList();

        var comparison = batches
            .Select(b => HiddenStateComparison.Of(TorchEncoderRunner.LastHiddenState(loaded.Bert.Encoder, b), reference.LastHiddenState(b), b))
            .Aggregate(HiddenStateComparison.Empty, (total, next) => total.Add(next));

        Assert.Equal(batches.Sum(b => b.AttentionMask.Sum()) * 384, comparison.Count); // every real token, every dimension
        Assert.True(comparison.MaxAbsDiff <= 1e-4, $"max |ours − ONNX Runtime| = {comparison.MaxAbsDiff} over {comparison.Count} values");
    }
}
