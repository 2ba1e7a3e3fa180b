namespace LabPortal.Shared.Experiments;

/// <summary>
/// The learning rate each method gets when a spec leaves it empty: the winners of the sweep in bench/README.md
/// (QQP training pairs, chosen on a selection split carved from them, never on the validation file).
/// </summary>
public static class TunedDefaults
{
    /// <summary>Plain LoRA's base rate; C1 (LoRA+) scales B's rate from it (β, <see cref="MethodSpec.LrScaleB"/>) rather than retuning it.</summary>
    public const double LoraLearningRate = 1e-3;

    /// <summary>Full fine-tuning's winner over 2e-5…4e-4 (selection accuracy rose to 2e-4 and fell at 4e-4).</summary>
    public const double FullLearningRate = 2e-4;

    /// <summary>The linear probe on frozen features.</summary>
    public const double HeadOnlyLearningRate = 1e-2;

    public static double LearningRate(MethodKind method) => method switch
    {
        MethodKind.Full => FullLearningRate,
        MethodKind.HeadOnly or MethodKind.ZeroShot => HeadOnlyLearningRate,
        _ => LoraLearningRate,
    };

    /// <summary>
    /// The spec with every left-empty default it can fill filled in, as runs store and train it: the method's learning
    /// rate, and for zero-shot the bi-encoder (it compares each text's own embedding). The head's pooling, and the head
    /// of other methods, are the model's to choose (the agent's catalogue).
    /// </summary>
    public static ExperimentSpec Resolve(ExperimentSpec spec)
    {
        if (spec.Training.LearningRate is null)
        {
            spec = spec with { Training = spec.Training with { LearningRate = LearningRate(spec.Method.Kind) } };
        }

        return spec.Method.Kind == MethodKind.ZeroShot && spec.Head.Kind is null
            ? spec with { Head = spec.Head with { Kind = HeadKind.BiEncoder } }
            : spec;
    }
}
