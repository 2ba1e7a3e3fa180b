using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>
/// A sentence-pair (or single-text) classifier in Hugging Face's layout: <c>bert</c> (or <c>roberta</c>, its
/// base_model_prefix), <c>dropout</c> and a linear <c>classifier</c>. The <see cref="PairHead"/> decides what the
/// classifier reads: a cross-encoder pools the joint encoding (pooler, [CLS] or masked mean); a bi-encoder pools
/// each text alone to u and v and classifies (u, v, |u−v|, u⊙v) — Sentence-BERT's objective, 4·C inputs.
/// RoBERTa's pooler is its classification head's dense layer, so it sees dropout before it, as
/// RobertaClassificationHead does.
/// </summary>
public sealed class BertForPairClassification : PairClassifier
{
    // The encoder's name depends on the config ("bert" or "roberta"), so the children are registered by hand:
    // RegisterComponents would register the field a second time under its own name (BertParameterNameTests lock the names).
    private readonly BertModel _encoder;

    private readonly Dropout _dropout;

    private readonly Linear _classifier;

    /// <param name="outputs">One logit per class (two for QQP), or one for a regression task's score.</param>
    public BertForPairClassification(BertConfig config, PairHead? head = null, int outputs = 2) : base(nameof(BertForPairClassification))
    {
        Config = config;
        Head = head ?? PairHead.CrossPooler;
        CheckpointNaming = new BertCheckpointNaming(config);
        _encoder = new BertModel(config);
        _dropout = Dropout(config.ClassifierDropout ?? config.HiddenDropoutProb);
        var inputs = Head.Kind == HeadKind.BiEncoder ? 4 * config.HiddenSize : config.HiddenSize;
        _classifier = Linear(inputs, outputs);
        register_module(config.BaseModelPrefix, _encoder);
        register_module("dropout", _dropout);
        register_module("classifier", _classifier);
    }

    public BertConfig Config { get; }

    public override PairHead Head { get; }

    public override int Outputs => (int)_classifier.out_features;

    public override int HiddenSize => Config.HiddenSize;

    public override string ClassifierName => "classifier";

    public override ICheckpointNaming CheckpointNaming { get; }

    /// <summary>The classifier, and RoBERTa's pooler when the head pools with it (it is RoBERTa's classifier.dense).</summary>
    public override IReadOnlyList<string> HeadPrefixes =>
        PoolerIsHead ? ["classifier.", $"{Config.BaseModelPrefix}.pooler."] : ["classifier."];

    /// <summary>
    /// BERT's <c>classifier</c> (and <c>bert.pooler</c> when it trained); RoBERTa's <c>classifier</c>, which holds the
    /// dense layer this model calls its pooler (seeded, not pretrained, so it must travel with the adapter).
    /// </summary>
    public override IReadOnlyList<string> ModulesToSave()
    {
        var poolerTrained = named_parameters().Any(p => p.parameter.requires_grad && ExportedName(p.name).StartsWith("bert.pooler.", StringComparison.Ordinal));
        return poolerTrained && Config.Family == EncoderFamily.Bert ? ["classifier", "pooler"] : ["classifier"];
    }

    /// <summary>
    /// Starts a regression head at the training scores' mean (its bias), so its first steps learn the signal rather than
    /// the offset: from zero, a LoRA run on 1,000 STS-B pairs spent most of its 58 steps reaching the mean (bench/README.md).
    /// </summary>
    public override void StartScoresAt(double mean) => StartBiasAt(_classifier, mean);

    /// <summary>The encoder (BERT or RoBERTa), for reading its hidden states.</summary>
    public BertModel Encoder => _encoder;

    /// <summary>Whether the pooler is part of the trained head: RoBERTa's (its classifier.dense) when the head pools with it.</summary>
    public bool PoolerIsHead => Head.Pooling == PoolingKind.Pooler && Config.Family == EncoderFamily.Roberta && _encoder.Pooler is not null;

    /// <summary>The cross-encoder's logits for joint encodings.</summary>
    /// <param name="inputIds">(B, T)</param>
    /// <param name="tokenTypeIds">(B, T)</param>
    /// <param name="attentionMask">(B, T)</param>
    /// <returns>(B, outputs) logits; for QQP and MRPC class 1 is "duplicate" / "paraphrase".</returns>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        if (Head.Kind != HeadKind.CrossEncoder)
        {
            throw new InvalidOperationException("A bi-encoder reads each text alone: call Classify with a PairBatch.");
        }

        using var states = _encoder.call(inputIds, tokenTypeIds, attentionMask);
        using var features = Pool(states, attentionMask);
        return Classify(features);
    }

    /// <summary>
    /// What the trained head reads, before its dropout: (B, C) pooled states for a cross-encoder, (B, 4C) for a
    /// bi-encoder. With a frozen encoder these are fixed per pair, so a linear probe can compute them once.
    /// </summary>
    public override (Tensor Features, Tensor States, Tensor? SecondStates) Features(PairBatch batch) =>
        EncoderFeatures(batch, b => _encoder.call(b.InputIds, b.TokenTypeIds, b.AttentionMask), Pool);

    /// <summary>
    /// The head on <see cref="Features"/>: dropout (a cross-encoder's) and the linear classifier. It reads the features
    /// in its own type (fp32 under bf16-frozen, whose encoder gives bf16) and gives fp32 logits.
    /// </summary>
    public override Tensor Classify(Tensor features)
    {
        using var scope = NewDisposeScope();
        var input = features.to_type(_classifier.weight!.dtype);
        if (Head.Kind == HeadKind.BiEncoder)
        {
            return _classifier.call(input).to_type(ScalarType.Float32).MoveToOuterDisposeScope(); // Sentence-BERT's softmax classifier reads the features as they are
        }

        var pooled = PoolerIsHead ? _encoder.Pooler!.call(_dropout.call(input)) : input;
        return _classifier.call(_dropout.call(pooled)).to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>One vector per sequence; RoBERTa's pooler is left to <see cref="Classify(Tensor)"/> (it is head, after dropout).</summary>
    private Tensor Pool(Tensor states, Tensor attentionMask)
    {
        if (Head.Pooling == PoolingKind.Mean)
        {
            return Pooling.Mean(states, attentionMask);
        }

        if (Head.Pooling == PoolingKind.Last)
        {
            return Pooling.Last(states, attentionMask);
        }

        // [CLS]: the pooler's input, or the pooled vector itself when there is no pooler or it is RoBERTa's head.
        var first = states.select(1, 0);
        if (Head.Pooling == PoolingKind.Pooler && _encoder.Pooler is { } pooler && !PoolerIsHead)
        {
            using (first)
            {
                return pooler.call(first);
            }
        }

        return first;
    }
}
