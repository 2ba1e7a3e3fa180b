using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.Llama;

/// <summary>
/// Hugging Face's LlamaForSequenceClassification (and Qwen2's, Mistral's): the decoder <c>model</c> reads the pair as
/// one prompt (<see cref="Tokenization.DecoderPrompt"/>) and a linear <c>score</c> without bias classifies the final
/// state of the last real token. A causal model's only state that has seen both texts is the last one, so the head is a
/// cross-encoder; mean pooling over the prompt is offered too.
/// </summary>
public sealed class LlamaForPairClassification : PairClassifier
{
    public const string Score = "score";

    private readonly LlamaModel _model;
    private readonly Linear _score;

    public LlamaForPairClassification(LlamaConfig config, PairHead? head = null, int outputs = 2) : base(nameof(LlamaForPairClassification))
    {
        Head = head ?? PairHead.CrossLast;
        if (Head.Kind != HeadKind.CrossEncoder || Head.Pooling is not (PoolingKind.Last or PoolingKind.Mean))
        {
            throw new ArgumentException(
                $"A {config.ModelType} decoder reads the pair as one prompt and pools its last token (or the mean): head kind cross-encoder with pooling last or mean, not {Head}.");
        }

        Config = config;
        _model = new LlamaModel(config);
        _score = Linear(config.HiddenSize, outputs, hasBias: false);
        register_module("model", _model);
        register_module(Score, _score);
    }

    public LlamaConfig Config { get; }

    public override PairHead Head { get; }

    public override int Outputs => (int)_score.out_features;

    public override int HiddenSize => Config.HiddenSize;

    public override string ClassifierName => Score;

    public override IReadOnlyList<string> HeadPrefixes => [Score + "."];

    public override ICheckpointNaming CheckpointNaming { get; } = new LlamaCheckpointNaming();

    public override IReadOnlyList<string> ModulesToSave() => [Score];

    /// <summary>The logits of joint prompts (token type ids are ignored: a decoder has none).</summary>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        using var states = _model.call(inputIds, attentionMask);
        using var features = Pool(states, attentionMask);
        return Classify(features);
    }

    public override (Tensor Features, Tensor States, Tensor? SecondStates) Features(PairBatch batch)
    {
        var joint = batch.Joint ?? throw new ArgumentException("A decoder classifier reads the joint prompts.", nameof(batch));
        var states = _model.call(joint.InputIds, joint.AttentionMask);
        return (Pool(states, joint.AttentionMask), states, null);
    }

    public override Tensor Classify(Tensor features) => _score.call(features);

    /// <summary>Hugging Face's score layer has no bias, so a regression head starts at 0 like theirs.</summary>
    public override void StartScoresAt(double mean)
    {
    }

    private Tensor Pool(Tensor states, Tensor attentionMask) =>
        Head.Pooling == PoolingKind.Mean ? Pooling.Mean(states, attentionMask) : Pooling.Last(states, attentionMask);
}
