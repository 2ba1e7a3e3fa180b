using LabPortal.Agent.Models;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models;

public sealed class RobertaEmbeddingTests
{
    private static readonly BertConfig Roberta = new()
    {
        Family = EncoderFamily.Roberta, VocabSize = 50, HiddenSize = 16, NumHiddenLayers = 1, NumAttentionHeads = 2,
        IntermediateSize = 32, MaxPositionEmbeddings = 20, TypeVocabSize = 1, PadTokenId = 1,
    };

    [Fact]
    public void Roberta_parameters_live_under_roberta_and_every_module_is_registered_once()
    {
        using var model = new BertForPairClassification(Roberta);

        var modules = model.named_modules().Select(m => m.name).ToList();

        Assert.All(model.named_parameters(), p => Assert.Matches("^(roberta\\.|classifier\\.)", p.name));
        Assert.Equal(modules.Count, modules.Distinct().Count());
        Assert.Equal(["roberta", "dropout", "classifier"], model.named_children().Select(c => c.name));
    }

    [Fact]
    public void Roberta_positions_start_after_the_padding_id()
    {
        // A BERT whose position table is RoBERTa's shifted by pad + 1 rows must compute exactly the same.
        using var roberta = new BertForPairClassification(Roberta);
        using var bert = new BertForPairClassification(Roberta with { Family = EncoderFamily.Bert });
        using (torch.no_grad())
        {
            var bertParameters = bert.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, parameter) in roberta.named_parameters())
            {
                var target = bertParameters[name.Replace("roberta.", "bert.", StringComparison.Ordinal)];
                if (name.EndsWith("position_embeddings.weight", StringComparison.Ordinal))
                {
                    using var shifted = parameter.roll(-(Roberta.PadTokenId + 1), 0);
                    target.copy_(shifted);
                }
                else
                {
                    target.copy_(parameter);
                }
            }
        }

        roberta.eval();
        bert.eval();
        using var ids = torch.tensor(new long[] { 0, 7, 8, 2, 2, 9, 2 }, 1, 7);
        using var types = torch.zeros(1, 7, torch.int64);
        using var mask = torch.ones(1, 7, torch.int64);
        using var fromRoberta = roberta.call(ids, types, mask);
        using var fromBert = bert.call(ids, types, mask);

        Assert.True(fromRoberta.allclose(fromBert, rtol: 0, atol: 0));
    }

    [Fact]
    public void Right_padding_does_not_change_roberta_logits()
    {
        using var model = new BertForPairClassification(Roberta);
        model.eval();
        using var ids = torch.tensor(new long[] { 0, 7, 8, 2, 2, 9, 2 }, 1, 7);
        using var paddedIds = torch.tensor(new long[] { 0, 7, 8, 2, 2, 9, 2, 1, 1 }, 1, 9);
        using var plain = model.call(ids, torch.zeros(1, 7, torch.int64), torch.ones(1, 7, torch.int64));
        using var padded = model.call(paddedIds, torch.zeros(1, 9, torch.int64), torch.tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 0, 0 }, 1, 9));

        Assert.True(plain.allclose(padded, rtol: 1e-5, atol: 1e-6));
    }
}
