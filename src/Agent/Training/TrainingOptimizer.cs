using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// AdamW as Hugging Face's Trainer sets it up — betas (0.9, 0.999), eps 1e-8 (TorchSharp's defaults differ, so
/// they are explicit), no weight decay on biases and LayerNorm weights (nor on LoRA's A and B when
/// <c>decayLoraFactors</c> is false, as C2 needs) — with one parameter group per
/// (role, decay) pair, so LoRA's A and B matrices follow their own rates (C1). The schedule scales every
/// group's initial rate; the applied rates are read back from the groups.
/// </summary>
public sealed class TrainingOptimizer : IDisposable
{
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Epsilon = 1e-8;

    private readonly List<ParameterRole> _groupRoles;
    private readonly List<double> _groupDecays;
    private readonly List<string> _stateNames;
    private readonly Dictionary<string, int> _groupOf;

    private TrainingOptimizer(AdamW optimizer, List<ParameterRole> groupRoles, List<double> groupDecays, List<string> stateNames, Dictionary<string, int> groupOf)
    {
        Optimizer = optimizer;
        _groupRoles = groupRoles;
        _groupDecays = groupDecays;
        _stateNames = stateNames;
        _groupOf = groupOf;
    }

    public AdamW Optimizer { get; }

    public static TrainingOptimizer Create(nn.Module model, double learningRate, double weightDecay, LearningRateScales scales, bool decayLoraFactors = true)
    {
        var groups = new List<AdamW.ParamGroup>();
        var roles = new List<ParameterRole>();
        var decays = new List<double>();
        var names = new List<string>();
        var groupOf = new Dictionary<string, int>();
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        bool Decays(string name) => !IsExemptFromDecay(name) && (decayLoraFactors || RoleOf(name) == ParameterRole.Base);
        foreach (var family in trainable.GroupBy(p => (Role: RoleOf(p.name), Decay: Decays(p.name))))
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
            decays.Add(decay);
            foreach (var (name, _) in family)
            {
                names.Add(name);
                groupOf[name] = groups.Count - 1;
            }
        }

        if (groups.Count == 0)
        {
            throw new InvalidOperationException("The model has no trainable parameter.");
        }

        return new TrainingOptimizer(optim.AdamW(groups, learningRate, Beta1, Beta2, Epsilon, weightDecay), roles, decays, names, groupOf);
    }

    /// <summary>Sets every group to its initial rate × the schedule's multiplier for this step.</summary>
    public void ApplySchedule(double multiplier)
    {
        foreach (var group in Optimizer.ParamGroups)
        {
            group.LearningRate = group.InitialLearningRate * multiplier;
        }
    }

    /// <summary>The weight decay of the group a trainable parameter (by name) is in.</summary>
    public double WeightDecayOf(string parameterName) => _groupDecays[_groupOf[parameterName]];

    /// <summary>The rate the optimiser holds now for a role, or null if no parameter has that role.</summary>
    public double? AppliedRate(ParameterRole role)
    {
        var index = _groupRoles.IndexOf(role);
        return index < 0 ? null : Optimizer.ParamGroups.ElementAt(index).LearningRate;
    }

    /// <summary>
    /// AdamW's state per parameter name: the moments and the step count (as a one-element int64 tensor). TorchSharp's
    /// state_dict() lists the live state objects group by group, parameter by parameter: the order the names were kept in.
    /// </summary>
    public IEnumerable<(string Name, Tensor ExpAvg, Tensor ExpAvgSq, long Step)> State() =>
        _stateNames.Zip(Optimizer.state_dict().State.Cast<AdamW.State>(), (name, state) => (name, state.exp_avg, state.exp_avg_sq, state.step));

    /// <summary>Copies saved moments and steps into the live state; <paramref name="saved"/> finds a parameter's by name.</summary>
    public void LoadState(Func<string, (Tensor ExpAvg, Tensor ExpAvgSq, long Step)> saved)
    {
        using var noGrad = no_grad();
        foreach (var (name, state) in _stateNames.Zip(Optimizer.state_dict().State.Cast<AdamW.State>()))
        {
            var (expAvg, expAvgSq, step) = saved(name);
            state.exp_avg.copy_(expAvg);
            state.exp_avg_sq.copy_(expAvgSq);
            state.step = step;
        }
    }

    public static ParameterRole RoleOf(string parameterName) =>
        parameterName.Contains(".lora_A.", StringComparison.Ordinal) ? ParameterRole.LoraA
        : parameterName.Contains(".lora_B.", StringComparison.Ordinal) ? ParameterRole.LoraB
        : ParameterRole.Base;

    public static bool IsExemptFromDecay(string parameterName) =>
        parameterName.EndsWith(".bias", StringComparison.Ordinal) || parameterName.Contains("LayerNorm.", StringComparison.Ordinal);

    public void Dispose() => Optimizer.Dispose();
}
