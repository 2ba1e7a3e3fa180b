using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// AdamW as Hugging Face's Trainer sets it up — betas (0.9, 0.999), eps 1e-8, no weight decay on biases and LayerNorm
/// weights (nor on LoRA's A and B when <c>decayLoraFactors</c> is false, as C2 needs) — with one parameter group per
/// (role, decay) pair, so LoRA's A and B matrices follow their own rates (C1). The schedule scales every group's
/// initial rate; the applied rates are read back from the groups. The update is written here (<see cref="AdamWUpdate"/>)
/// rather than taken from TorchSharp, whose AdamW lets the garbage collector free its numbers mid-call.
/// </summary>
public sealed class TrainingOptimizer : IDisposable
{
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Epsilon = 1e-8;

    private readonly List<ParameterGroup> _groups;
    private readonly Dictionary<string, ParameterGroup> _groupOf;

    private TrainingOptimizer(List<ParameterGroup> groups)
    {
        _groups = groups;
        _groupOf = groups.SelectMany(g => g.Members.Select(m => (m.Name, Group: g))).ToDictionary(m => m.Name, m => m.Group);
    }

    public static TrainingOptimizer Create(nn.Module model, double learningRate, double weightDecay, LearningRateScales scales, bool decayLoraFactors = true)
    {
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        if (trainable.Count == 0)
        {
            throw new InvalidOperationException("The model has no trainable parameter.");
        }

        bool Decays(string name) => !IsExemptFromDecay(name) && (decayLoraFactors || RoleOf(name) == ParameterRole.Base);
        var groups = trainable.GroupBy(p => (Role: RoleOf(p.name), Decay: Decays(p.name))).Select(family =>
        {
            var rate = learningRate * family.Key.Role switch
            {
                ParameterRole.LoraA => scales.A,
                ParameterRole.LoraB => scales.B,
                _ => 1.0,
            };
            var members = family.Select(p => new AdamWUpdate.Moments(p.name, p.parameter)).ToList();
            return new ParameterGroup(family.Key.Role, rate, family.Key.Decay ? weightDecay : 0, members);
        });
        return new TrainingOptimizer(groups.ToList());
    }

    /// <summary>One AdamW step for every trainable parameter that has a gradient.</summary>
    public void Step()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        foreach (var group in _groups)
        {
            foreach (var moments in group.Members)
            {
                if (moments.Parameter.grad is { } gradient)
                {
                    AdamWUpdate.Apply(moments, gradient, group.LearningRate, group.Decay);
                }
            }
        }
    }

    /// <summary>Zeroes every gradient (kept allocated for the next backward pass).</summary>
    public void ZeroGrad()
    {
        foreach (var moments in _groups.SelectMany(g => g.Members))
        {
            using var gradient = moments.Parameter.grad;
            gradient?.zero_();
        }
    }

    /// <summary>Sets every group to its initial rate × the schedule's multiplier for this step.</summary>
    public void ApplySchedule(double multiplier)
    {
        foreach (var group in _groups)
        {
            group.LearningRate = group.InitialRate * multiplier;
        }
    }

    /// <summary>The weight decay of the group a trainable parameter (by name) is in.</summary>
    public double WeightDecayOf(string parameterName) => _groupOf[parameterName].Decay;

    /// <summary>The rate the optimiser holds now for a role, or null if no parameter has that role.</summary>
    public double? AppliedRate(ParameterRole role) => _groups.FirstOrDefault(g => g.Role == role)?.LearningRate;

    /// <summary>AdamW's state per parameter name, group by group: the moments and the step count.</summary>
    public IEnumerable<(string Name, Tensor ExpAvg, Tensor ExpAvgSq, long Step)> State() =>
        _groups.SelectMany(g => g.Members).Select(m => (m.Name, m.ExpAvg, m.ExpAvgSq, m.Step));

    /// <summary>Copies saved moments and steps into the live state; <paramref name="saved"/> finds a parameter's by name.</summary>
    public void LoadState(Func<string, (Tensor ExpAvg, Tensor ExpAvgSq, long Step)> saved)
    {
        using var noGrad = no_grad();
        foreach (var moments in _groups.SelectMany(g => g.Members))
        {
            var (expAvg, expAvgSq, step) = saved(moments.Name);
            moments.ExpAvg.copy_(expAvg);
            moments.ExpAvgSq.copy_(expAvgSq);
            moments.Step = step;
        }
    }

    public static ParameterRole RoleOf(string parameterName) =>
        parameterName.Contains(".lora_A.", StringComparison.Ordinal) ? ParameterRole.LoraA
        : parameterName.Contains(".lora_B.", StringComparison.Ordinal) ? ParameterRole.LoraB
        : ParameterRole.Base;

    public static bool IsExemptFromDecay(string parameterName) =>
        parameterName.EndsWith(".bias", StringComparison.Ordinal) || parameterName.Contains("LayerNorm.", StringComparison.Ordinal);

    public void Dispose()
    {
        foreach (var moments in _groups.SelectMany(g => g.Members))
        {
            moments.Dispose();
        }
    }

    /// <summary>Parameters that share a role, a rate and a decay.</summary>
    private sealed class ParameterGroup(ParameterRole role, double initialRate, double decay, List<AdamWUpdate.Moments> members)
    {
        public ParameterRole Role { get; } = role;

        public double InitialRate { get; } = initialRate;

        public double Decay { get; } = decay;

        public double LearningRate { get; set; } = initialRate;

        public List<AdamWUpdate.Moments> Members { get; } = members;
    }
}
