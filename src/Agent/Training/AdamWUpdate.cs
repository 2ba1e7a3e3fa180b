using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// AdamW's update of one parameter (decoupled weight decay, bias-corrected moments), the operations in the order
/// torch.optim.AdamW and TorchSharp's AdamW apply them, so a run repeats the results it gave with TorchSharp's.
/// Every number is a Scalar held until libtorch returns: TorchSharp's AdamW passes temporary Scalars that the garbage
/// collector may free during the call, which failed runs with "Expected false to be true" from c10::Scalar::toFloat.
/// </summary>
public static class AdamWUpdate
{
    /// <summary>A parameter with its first and second moments and its step count.</summary>
    public sealed class Moments(string name, Parameter parameter) : IDisposable
    {
        public string Name { get; } = name;

        public Parameter Parameter { get; } = parameter;

        public Tensor ExpAvg { get; } = zeros_like(parameter).DetachFromDisposeScope();

        public Tensor ExpAvgSq { get; } = zeros_like(parameter).DetachFromDisposeScope();

        public long Step { get; set; }

        public void Dispose()
        {
            ExpAvg.Dispose();
            ExpAvgSq.Dispose();
        }
    }

    /// <summary>Advances <paramref name="moments"/> by one step and updates its parameter in place (call under no_grad).</summary>
    public static void Apply(Moments moments, Tensor gradient, double learningRate, double weightDecay)
    {
        moments.Step++;
        var biasCorrection1 = 1 - Math.Pow(TrainingOptimizer.Beta1, moments.Step);
        var biasCorrection2 = 1 - Math.Pow(TrainingOptimizer.Beta2, moments.Step);
        using var decayFactor = (1 - learningRate * weightDecay).ToScalar();
        using var beta1 = TrainingOptimizer.Beta1.ToScalar();
        using var gradientShare1 = (1 - TrainingOptimizer.Beta1).ToScalar();
        using var beta2 = TrainingOptimizer.Beta2.ToScalar();
        using var gradientShare2 = (1 - TrainingOptimizer.Beta2).ToScalar();
        using var rootCorrection2 = Math.Sqrt(biasCorrection2).ToScalar();
        using var epsilon = TrainingOptimizer.Epsilon.ToScalar();
        using var one = 1.ToScalar();
        using var stepSize = (-(learningRate / biasCorrection1)).ToScalar();

        moments.Parameter.mul_(decayFactor);
        moments.ExpAvg.mul_(beta1).add_(gradient, gradientShare1);
        moments.ExpAvgSq.mul_(beta2).addcmul_(gradient, gradient, gradientShare2);
        using var denominator = moments.ExpAvgSq.sqrt();
        denominator.div_(rootCorrection2).add_(epsilon, one);
        moments.Parameter.addcdiv_(moments.ExpAvg, denominator, stepSize);
    }
}
