using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>
/// A sentence-pair (or single-text) classifier of any family, as training, evaluation, adapters and the playground see
/// it: the features its head reads, the head, and the Hugging Face names of the head's modules. BERT-family encoders
/// (<see cref="BertForPairClassification"/>) and decoder LLMs (<see cref="Decoders.DecoderForPairClassification"/>) are both one.
/// </summary>
public abstract class PairClassifier(string name) : Module<Tensor, Tensor, Tensor, Tensor>(name)
{
    public abstract PairHead Head { get; }

    /// <summary>The classifier's outputs: one per class, or one for a regression task's score.</summary>
    public abstract int Outputs { get; }

    /// <summary>Width C of the final token states.</summary>
    public abstract int HiddenSize { get; }

    /// <summary>Hugging Face's name of the linear classification layer: BERT's <c>classifier</c>, a decoder's <c>score</c>.</summary>
    public abstract string ClassifierName { get; }

    /// <summary>The parameter-name prefixes of the trained head (PEFT's modules_to_save for sequence classification).</summary>
    public abstract IReadOnlyList<string> HeadPrefixes { get; }

    /// <summary>The modules an adapter carries whole beside the LoRA weights, by Hugging Face names.</summary>
    public abstract IReadOnlyList<string> ModulesToSave();

    /// <summary>How this model's parameter names meet a checkpoint's tensor names.</summary>
    public abstract ICheckpointNaming CheckpointNaming { get; }

    /// <summary>
    /// What the trained head reads, before its dropout, with the final token states C3 reads (and a bi-encoder's second
    /// text's). With a frozen body these are fixed per pair, so a linear probe can compute them once.
    /// </summary>
    public abstract (Tensor Features, Tensor States, Tensor? SecondStates) Features(PairBatch batch);

    /// <summary>The head on <see cref="Features"/>.</summary>
    public abstract Tensor Classify(Tensor features);

    /// <summary>Starts a regression head at the training scores' mean, where the head has a bias to hold it.</summary>
    public abstract void StartScoresAt(double mean);

    /// <summary>The logits and the final token states C3 reads.</summary>
    public PairOutput Classify(PairBatch batch)
    {
        var (features, states, second) = Features(batch);
        using (features)
        {
            return new PairOutput(Classify(features), states, second);
        }
    }

    /// <summary>
    /// An encoder's head features: a cross-encoder pools the joint encoding; a bi-encoder pools each text alone to u and
    /// v and gives Sentence-BERT's (u, v, |u−v|, u⊙v). <paramref name="encode"/> gives a batch's final token states.
    /// </summary>
    protected (Tensor Features, Tensor States, Tensor? SecondStates) EncoderFeatures(
        PairBatch batch, Func<BatchTensors, Tensor> encode, Func<Tensor, Tensor, Tensor> pool)
    {
        if (Head.Kind == HeadKind.CrossEncoder)
        {
            var joint = batch.Joint ?? throw new ArgumentException("A cross-encoder needs the joint encodings.", nameof(batch));
            var states = encode(joint);
            return (pool(states, joint.AttentionMask), states, null);
        }

        var (first, second) = (batch.First, batch.Second) is ({ } f, { } s) ? (f, s) : throw new ArgumentException("A bi-encoder needs each text's encodings.", nameof(batch));
        var firstStates = encode(first);
        var secondStates = encode(second);
        using var u = pool(firstStates, first.AttentionMask);
        using var v = pool(secondStates, second.AttentionMask);
        using var difference = (u - v).abs_(); // sub passes no Scalar, unlike add (ScalarMath)
        using var product = u * v;
        return (cat([u, v, difference, product], dim: 1), firstStates, secondStates);
    }

    /// <summary>Fills a regression head's bias (its one output's) with <paramref name="mean"/>; any other head has no score to start.</summary>
    protected void StartBiasAt(Linear classifier, double mean)
    {
        if (Outputs != 1)
        {
            throw new InvalidOperationException($"Only a regression head (one output) has a score to start; this one has {Outputs} outputs.");
        }

        using var noGrad = no_grad();
        using var value = mean.ToScalar();
        classifier.bias!.fill_(value);
    }

    /// <summary>A parameter's name as Hugging Face's <c>…ForSequenceClassification</c> spells it.</summary>
    public string ExportedName(string parameterName) => CheckpointNaming.Exported(parameterName);
}
