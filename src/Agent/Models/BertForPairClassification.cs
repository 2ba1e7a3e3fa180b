using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>
/// A sentence-pair classifier in the layout of Hugging Face's <c>BertForSequenceClassification</c>:
/// <c>bert</c>, <c>dropout</c> and a linear <c>classifier</c> on the pooled [CLS] state (two classes).
/// </summary>
public sealed class BertForPairClassification : Module<Tensor, Tensor, Tensor, Tensor>
{
    public const int ClassCount = 2;

    [ComponentName(Name = "bert")]
    private readonly BertModel _bert;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    [ComponentName(Name = "classifier")]
    private readonly Linear _classifier;

    public BertForPairClassification(BertConfig config) : base(nameof(BertForPairClassification))
    {
        Config = config;
        _bert = new BertModel(config);
        _dropout = Dropout(config.HiddenDropoutProb);
        _classifier = Linear(config.HiddenSize, ClassCount);
        RegisterComponents();
    }

    public BertConfig Config { get; }

    /// <summary>The encoder, for reading hidden states (e.g. to compare them with a reference implementation).</summary>
    public BertModel Bert => _bert;

    /// <param name="inputIds">(B, T)</param>
    /// <param name="tokenTypeIds">(B, T)</param>
    /// <param name="attentionMask">(B, T)</param>
    /// <returns>(B, 2) logits; class 1 is "duplicate" / "paraphrase".</returns>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        var output = _bert.call(inputIds, tokenTypeIds, attentionMask);
        // Without a pooler, classify the raw [CLS] state.
        using var pooled = output.PoolerOutput ?? output.LastHiddenState.select(1, 0); // (B, C)
        output.LastHiddenState.Dispose();
        using var dropped = _dropout.call(pooled);
        return _classifier.call(dropped);
    }
}
