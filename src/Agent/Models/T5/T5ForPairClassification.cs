using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.T5;

/// <summary>
/// A T5 encoder as a pair classifier, in the layout of Hugging Face's encoder-only T5 heads (T5ForTokenClassification):
/// <c>transformer</c> (a T5EncoderModel), <c>dropout</c> and a linear <c>classifier</c>. T5 has no [CLS] token and no
/// pooler, so the head pools the token states by their mean (the default, as Sentence-T5 does), the first token or the
/// last real one (the closing &lt;/s&gt;); cross-encoder (<c>a &lt;/s&gt; b &lt;/s&gt;</c>) or bi-encoder (each text alone,
/// Sentence-BERT's (u, v, |u−v|, u⊙v)), as for the BERT family.
/// </summary>
public sealed class T5ForPairClassification : PairClassifier
{
    public const string Classifier = "classifier";

    /// <summary>The default head: one joint encoding, mean-pooled.</summary>
    public static PairHead DefaultHead { get; } = new(HeadKind.CrossEncoder, PoolingKind.Mean);

    private readonly T5EncoderModel _transformer;
    private readonly Dropout _dropout;
    private readonly Linear _classifier;

    public T5ForPairClassification(T5Config config, PairHead? head = null, int outputs = 2) : base(nameof(T5ForPairClassification))
    {
        Head = head ?? DefaultHead;
        if (Head.Pooling == PoolingKind.Pooler)
        {
            throw new ArgumentException($"A T5 encoder has no pooler: choose mean, cls (its first token) or last pooling, not {Head}.");
        }

        Config = config;
        _transformer = new T5EncoderModel(config);
        _dropout = Dropout(config.ClassifierDropout);
        _classifier = Linear(Head.Kind == HeadKind.BiEncoder ? 4 * config.ModelDim : config.ModelDim, outputs);
        register_module("transformer", _transformer);
        register_module("dropout", _dropout);
        register_module(Classifier, _classifier);
    }

    public T5Config Config { get; }

    /// <summary>The encoder, for reading its final states.</summary>
    public T5EncoderModel Encoder => _transformer;

    public override PairHead Head { get; }

    public override int Outputs => (int)_classifier.out_features;

    public override int HiddenSize => Config.ModelDim;

    public override string ClassifierName => Classifier;

    public override IReadOnlyList<string> HeadPrefixes => [Classifier + "."];

    public override ICheckpointNaming CheckpointNaming { get; } = new T5CheckpointNaming();

    public override IReadOnlyList<string> ModulesToSave() => [Classifier];

    /// <summary>The cross-encoder's logits for joint encodings (token type ids are ignored: T5 has none).</summary>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        if (Head.Kind != HeadKind.CrossEncoder)
        {
            throw new InvalidOperationException("A bi-encoder reads each text alone: call Classify with a PairBatch.");
        }

        using var states = _transformer.call(inputIds, attentionMask);
        using var features = Pool(states, attentionMask);
        return Classify(features);
    }

    public override (Tensor Features, Tensor States, Tensor? SecondStates) Features(PairBatch batch) =>
        EncoderFeatures(batch, b => _transformer.call(b.InputIds, b.AttentionMask), Pool);

    /// <summary>
    /// The head on <see cref="Features"/>: dropout (a cross-encoder's) and the linear classifier, on the features in
    /// its own type (fp32 under bf16-frozen, whose encoder gives bf16), giving fp32 logits.
    /// </summary>
    public override Tensor Classify(Tensor features)
    {
        using var scope = NewDisposeScope();
        var input = features.to_type(_classifier.weight!.dtype);
        var logits = Head.Kind == HeadKind.BiEncoder
            ? _classifier.call(input) // Sentence-BERT's softmax classifier reads the features as they are
            : _classifier.call(_dropout.call(input));
        return logits.to_type(ScalarType.Float32).MoveToOuterDisposeScope();
    }

    /// <summary>Starts a regression head at the training scores' mean (its bias), as the BERT family's does.</summary>
    public override void StartScoresAt(double mean) => StartBiasAt(_classifier, mean);

    private Tensor Pool(Tensor states, Tensor attentionMask) => Head.Pooling switch
    {
        PoolingKind.Mean => Pooling.Mean(states, attentionMask),
        PoolingKind.Last => Pooling.Last(states, attentionMask),
        _ => states.select(1, 0),   // cls: the first token's state (T5's first text token)
    };
}
