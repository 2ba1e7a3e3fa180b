using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// AdamW as Hugging Face's Trainer sets it up — betas (0.9, 0.999), eps 1e-8 (TorchSharp's defaults differ, so
/// they are explicit), no weight decay on biases and LayerNorm weights — with one parameter group per
/// (role, decay) pair, so LoRA's A and B matrices follow their own rates (C1). The schedule scales every
/// group's initial rate; the applied rates are read back from the groups.
/// </summary>
public sealed class TrainingOptimizer : IDisposable
{
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Epsilon = 1e-8;

    private readonly List<ParameterRole> _groupRoles;

    private TrainingOptimizer(AdamW optimizer, List<ParameterRole> groupRoles)
    {
        Optimizer = optimizer;
        _groupRoles = groupRoles;
    }

    public AdamW Optimizer { get; }

    public static TrainingOptimizer Create(nn.Module model, double learningRate, double weightDecay, LearningRateScales scales)
    {
        var groups = new List<AdamW.ParamGroup>();
        var roles = new List<ParameterRole>();
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        foreach (var family in trainable.GroupBy(p => (Role: RoleOf(p.name), Decay: !IsExemptFromDecay(p.name))))
        {
            var rate = learningRate * family.Key.Role switch
            {
                ParameterRole.LoraA => scales.A,
                ParameterRole.LoraB => scales.B,
                _ => 1.0,
            };
            var decay = family.Key.Decay ? weightDecay : 0;
            groups.Add(new AdamW.ParamGroup(family.Select(p => p.parameter), rate, Beta1, Beta2, Epsilon, decay));
            roles.Add(family.Key.Role);
        }

        if (groups.Count == 0)
        {
            throw new InvalidOperationException("The model has no trainable parameter.");
        }

        return new TrainingOptimizer(optim.AdamW(groups, learningRate, Beta1, Beta2, Epsilon, weightDecay), roles);
    }

    /// <summary>Sets every group to its initial rate × the schedule's multiplier for this step.</summary>
    public void ApplySchedule(double multiplier)
    {
        foreach (var group in Optimizer.ParamGroups)
        {
            group.LearningRate = group.InitialLearningRate * multiplier;
        }
    }

    /// <summary>The rate the optimiser holds now for a role, or null if no parameter has that role.</summary>
    public double? AppliedRate(ParameterRole role)
    {
        var index = _groupRoles.IndexOf(role);
        return index < 0 ? null : Optimizer.ParamGroups.ElementAt(index).LearningRate;
    }

    public static ParameterRole RoleOf(string parameterName) =>
        parameterName.Contains(".lora_A.", StringComparison.Ordinal) ? ParameterRole.LoraA
        : parameterName.Contains(".lora_B.", StringComparison.Ordinal) ? ParameterRole.LoraB
        : ParameterRole.Base;

    public static bool IsExemptFromDecay(string parameterName) =>
        parameterName.EndsWith(".bias", StringComparison.Ordinal) || parameterName.Contains("LayerNorm.", StringComparison.Ordinal);

    public void Dispose() => Optimizer.Dispose();
}
