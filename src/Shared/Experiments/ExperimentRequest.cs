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

    /// <summary>
    /// The GLUE suite's data: one folder per task named as the spec names tasks (cola, sst2, …), each with train.tsv and
    /// dev.tsv in GLUE's layout (the agent's <c>data glue</c> writes every task there).
    /// </summary>
    public string GlueFolder { get; init; } = "data";

    /// <summary>Higher runs first in the queue; equal priorities go in the order they were queued.</summary>
    public int Priority { get; init; }

    /// <summary>The kind of device an agent must train on to be given these runs.</summary>
    public DeviceRequirement RequiredDevice { get; init; } = DeviceRequirement.Any;

    /// <summary>The memory an agent must report to be given these runs; 0 for no minimum.</summary>
    public long MinMemoryBytes { get; init; }
    /// <summary>How many seeds a seed repeat runs.</summary>
    public int SeedRepeats { get; init; } = 5;

    /// <summary>
    /// The seeds runs are made for: a seed repeat counts up from its base seed (the one seed given, else the spec's:
    /// 42, 43, 44, …), so the same request always repeats on the same seeds; otherwise the seeds given, or the spec's own.
    /// </summary>
    public IReadOnlyList<int> RunSeeds()
    {
        if (Preset == PresetKind.SeedRepeat)
        {
            // Never more than the validator allows plus one: an absurd count is refused, not materialised.
            var count = Math.Clamp(SeedRepeats, 0, Validation.SpecValidator.MaxSeedsPerRequest + 1);
            var first = RepeatBaseSeed();
            return Enumerable.Range(0, count).Select(i => unchecked(first + i)).ToList();
        }

        return Seeds.Count == 0 ? [Spec.Seed] : Seeds;
    }

    /// <summary>Where a seed repeat starts counting: the one seed given, else the spec's.</summary>
    public int RepeatBaseSeed() => Seeds.Count == 1 ? Seeds[0] : Spec.Seed;

    /// <summary>The runs this request asks for: each variant of the preset once per seed, variants first.</summary>
    public IReadOnlyList<RunPlan> ExpandRuns()
    {
        var seeds = RunSeeds();
        return VariantGenerator.Expand(Spec, Preset, SweepA, SweepB, GlueFolder)
            .SelectMany(v => seeds.Select(seed => new RunPlan(v.Variant, v.Spec with { Seed = seed })))
            .ToList();
    }
}
