namespace LabPortal.Shared.Experiments;

/// <summary>What a person or a script submits: a named spec, expanded by a preset into variants, each run once per seed.</summary>
public sealed record ExperimentRequest
{
    public string Name { get; init; } = "";

    public ExperimentSpec Spec { get; init; } = new();

    /// <summary>One run per seed and variant; empty means the spec's own seed.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [];

    /// <summary>How the spec expands into variants; "none" runs it as it is.</summary>
    public PresetKind Preset { get; init; } = PresetKind.None;

    /// <summary>The α values of an α/β sweep.</summary>
    public IReadOnlyList<double> SweepA { get; init; } = [1];

    /// <summary>The β values of an α/β sweep.</summary>
    public IReadOnlyList<double> SweepB { get; init; } = [1, 4, 16];

    /// <summary>Higher runs first in the queue; equal priorities go in the order they were queued.</summary>
    public int Priority { get; init; }

    /// <summary>The kind of device an agent must train on to be given these runs.</summary>
    public DeviceRequirement RequiredDevice { get; init; } = DeviceRequirement.Any;

    /// <summary>The memory an agent must report to be given these runs; 0 for no minimum.</summary>
    public long MinMemoryBytes { get; init; }

    /// <summary>The runs this request asks for: each variant of the preset once per seed, variants first.</summary>
    public IReadOnlyList<RunPlan> ExpandRuns()
    {
        var seeds = Seeds.Count == 0 ? [Spec.Seed] : Seeds;
        return VariantGenerator.Expand(Spec, Preset, SweepA, SweepB)
            .SelectMany(v => seeds.Select(seed => new RunPlan(v.Variant, v.Spec with { Seed = seed })))
            .ToList();
    }
}
