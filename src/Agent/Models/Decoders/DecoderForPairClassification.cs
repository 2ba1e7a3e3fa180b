using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.Decoders;

/// <summary>
/// Hugging Face's decoder *ForSequenceClassification (Llama, Qwen2, Mistral, GPT-2): the decoder body (<c>model</c> or
/// <c>transformer</c>) reads the pair as one prompt (<see cref="Tokenization.DecoderPrompt"/>) and a linear
/// <c>score</c> without bias classifies the final state of the last real token. A causal model's only state that has
/// seen both texts is the last one, so the head is a cross-encoder; mean pooling over the prompt is offered too.
/// </summary>
public sealed class DecoderForPairClassification : PairClassifier
{
    public const string Score = "score";

    private readonly Module<Tensor, Tensor, Tensor> _body;
    private readonly Linear _score;

    /// <param name="family">config.json's model_type, for messages.</param>
    /// <param name="bodyName">The body's Hugging Face name: <c>model</c> (Llama family) or <c>transformer</c> (GPT-2).</param>
    /// <param name="body">Token ids (B, T) and attention mask (B, T) to final states (B, T, C).</param>
    public DecoderForPairClassification(
        string family, string bodyName, Module<Tensor, Tensor, Tensor> body, int hiddenSize, ICheckpointNaming naming, PairHead? head = null, int outputs = 2)
        : base(nameof(DecoderForPairClassification))
    {
        Head = head ?? PairHead.CrossLast;
        if (Head.Kind != HeadKind.CrossEncoder || Head.Pooling is not (PoolingKind.Last or PoolingKind.Mean))
        {
            throw new ArgumentException(
                $"A {family} decoder reads the pair as one prompt and pools its last token (or the mean): head kind cross-encoder with pooling last or mean, not {Head}.");
        }

        HiddenSize = hiddenSize;
        CheckpointNaming = naming;
        _body = body;
        _score = Linear(hiddenSize, outputs, hasBias: false);
        register_module(bodyName, _body);
        register_module(Score, _score);
    }

    /// <summary>The decoder body, for reading its final states.</summary>
    public Module<Tensor, Tensor, Tensor> Body => _body;

    public override PairHead Head { get; }

    public override int Outputs => (int)_score.out_features;

    public override int HiddenSize { get; }

    public override string ClassifierName => Score;

    public override IReadOnlyList<string> HeadPrefixes => [Score + "."];

    public override ICheckpointNaming CheckpointNaming { get; }

    public override IReadOnlyList<string> ModulesToSave() => [Score];

    /// <summary>The logits of joint prompts (token type ids are ignored: a decoder has none).</summary>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        using var states = _body.call(inputIds, attentionMask);
        using var features = Pool(states, attentionMask);
        return Classify(features);
    }

    public override (Tensor Features, Tensor States, Tensor? SecondStates) Features(PairBatch batch)
    {
        var joint = batch.Joint ?? throw new ArgumentException("A decoder classifier reads the joint prompts.", nameof(batch));
        var states = _body.call(joint.InputIds, joint.AttentionMask);
        return (Pool(states, joint.AttentionMask), states, null);
    }

    /// <summary>The score layer on the features in its own type (fp32 under bf16-frozen), giving fp32 logits.</summary>
    public override Tensor Classify(Tensor features)
    {
        using var input = features.to_type(_score.weight!.dtype);
        using var logits = _score.call(input);
        return logits.to_type(ScalarType.Float32);
    }

    /// <summary>Hugging Face's score layer has no bias, so a regression head starts at 0 like theirs.</summary>
    public override void StartScoresAt(double mean)
    {
    }

    private Tensor Pool(Tensor states, Tensor attentionMask) =>
        Head.Pooling == PoolingKind.Mean ? Pooling.Mean(states, attentionMask) : Pooling.Last(states, attentionMask);
}
