using LabPortal.Agent.Models;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models;

/// <summary>A seeded two-layer BERT of width 16 and its logits for two fixed pairs: for tests of adapters and methods.</summary>
internal static class SmallModel
{
    public static readonly BertConfig Config = new()
    {
        VocabSize = 50, HiddenSize = 16, NumHiddenLayers = 2, NumAttentionHeads = 4, IntermediateSize = 32, MaxPositionEmbeddings = 32,
    };

    /// <summary>Hugging Face's initialisation from seed 11, in eval mode.</summary>
    public static BertForPairClassification Create(BertConfig? config = null)
    {
        config ??= Config;
        torch.manual_seed(11);
        var model = new BertForPairClassification(config);
        BertInitializer.Apply(model, config);
        model.eval();
        return model;
    }

    /// <summary>(2, 2) logits for two four-token pairs; with gradients when <paramref name="train"/>.</summary>
    public static torch.Tensor Logits(BertForPairClassification model, bool train = false)
    {
        using var ids = torch.tensor(new long[] { 2, 5, 3, 7, 3, 9, 11, 3 }, 2, 4);
        using var types = torch.tensor(new long[] { 0, 0, 1, 1, 0, 0, 1, 1 }, 2, 4);
        using var mask = torch.ones(2, 4, torch.int64);
        if (train)
        {
            return model.call(ids, types, mask);
        }

        using var guard = torch.no_grad();
        return model.call(ids, types, mask);
    }
}
