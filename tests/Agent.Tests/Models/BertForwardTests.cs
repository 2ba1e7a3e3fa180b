using LabPortal.Agent.Models;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models;

public sealed class BertForwardTests
{
    private static readonly BertConfig Small = new()
    {
        VocabSize = 50, HiddenSize = 16, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 32, MaxPositionEmbeddings = 32,
    };

    [Fact]
    public void Padding_does_not_change_the_logits_of_the_real_tokens()
    {
        using var model = new BertForPairClassification(Small);
        model.eval();
        using var ids = torch.tensor(new long[] { 2, 5, 3, 7, 3 }, 1, 5);
        using var types = torch.tensor(new long[] { 0, 0, 0, 1, 1 }, 1, 5);
        using var mask = torch.ones(1, 5, torch.int64);
        using var paddedIds = torch.tensor(new long[] { 2, 5, 3, 7, 3, 0, 0 }, 1, 7);
        using var paddedTypes = torch.tensor(new long[] { 0, 0, 0, 1, 1, 0, 0 }, 1, 7);
        using var paddedMask = torch.tensor(new long[] { 1, 1, 1, 1, 1, 0, 0 }, 1, 7);

        using var plain = model.call(ids, types, mask);
        using var padded = model.call(paddedIds, paddedTypes, paddedMask);

        Assert.True(plain.allclose(padded, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void The_catalogue_builds_the_tiny_model_the_same_way_for_the_same_seed()
    {
        using var first = ModelCatalogue.Default.Create("tiny", seed: 7, torch.CPU);
        using var second = ModelCatalogue.Default.Create("TINY", seed: 7, torch.CPU);

        var a = first.Model.named_parameters().First(p => p.name.EndsWith("query.weight", StringComparison.Ordinal)).parameter;
        var b = second.Model.named_parameters().First(p => p.name.EndsWith("query.weight", StringComparison.Ordinal)).parameter;

        Assert.True(a.allclose(b, rtol: 0, atol: 0));
        Assert.Equal(first.Tokenizer.VocabularySize, first.Bert.Config.VocabSize);
    }

    [Fact]
    public void An_unknown_model_name_gives_an_error_naming_it_and_the_known_models()
    {
        var error = Assert.Throws<UnknownModelException>(() => ModelCatalogue.Default.Find("bert-huge"));

        Assert.Contains("'bert-huge'", error.Message);
        Assert.Contains("tiny", error.Message);
    }
}
