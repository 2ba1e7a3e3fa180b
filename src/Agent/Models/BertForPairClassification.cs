using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>
/// A sentence-pair classifier in the layout of Hugging Face's <c>BertForSequenceClassification</c>:
/// <c>bert</c>, <c>dropout</c> and a linear <c>classifier</c> on the pooled [CLS] state (two classes).
/// A RoBERTa config names the encoder <c>roberta</c> instead (its base_model_prefix).
/// </summary>
public sealed class BertForPairClassification : Module<Tensor, Tensor, Tensor, Tensor>
{
    public const int ClassCount = 2;

    // The encoder's name depends on the config ("bert" or "roberta"), so the children are registered by hand:
    // RegisterComponents would register the field a second time under its own name (BertParameterNameTests lock the names).
    private readonly BertModel _encoder;

    private readonly Dropout _dropout;

    private readonly Linear _classifier;

    public BertForPairClassification(BertConfig config) : base(nameof(BertForPairClassification))
    {
        Config = config;
        _encoder = new BertModel(config);
        _dropout = Dropout(config.HiddenDropoutProb);
        _classifier = Linear(config.HiddenSize, ClassCount);
        register_module(config.BaseModelPrefix, _encoder);
        register_module("dropout", _dropout);
        register_module("classifier", _classifier);
    }

    public BertConfig Config { get; }

    /// <summary>The encoder, for reading hidden states (e.g. to compare them with a reference implementation).</summary>
    /// <summary>The encoder (BERT or RoBERTa), for reading its hidden states.</summary>
    public BertModel Encoder => _encoder;

    /// <param name="inputIds">(B, T)</param>
    /// <param name="tokenTypeIds">(B, T)</param>
    /// <param name="attentionMask">(B, T)</param>
    /// <returns>(B, 2) logits; class 1 is "duplicate" / "paraphrase".</returns>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        var (logits, hidden) = ClassifyWithStates(inputIds, tokenTypeIds, attentionMask);
        hidden.Dispose();
        return logits;
    }

    /// <summary>The logits and the encoder's final hidden states (B, T, C), which C3's token alignment reads.</summary>
    public (Tensor Logits, Tensor LastHiddenState) ClassifyWithStates(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        var output = _encoder.call(inputIds, tokenTypeIds, attentionMask);
        // Without a pooler, classify the raw [CLS] state.
        using var pooled = output.PoolerOutput ?? output.LastHiddenState.select(1, 0); // (B, C)
        using var dropped = _dropout.call(pooled);
        return (_classifier.call(dropped), output.LastHiddenState);
    }
}
