namespace LabPortal.Shared.Experiments;

/// <summary>What a person or a script submits: a named spec, run once per seed.</summary>
public sealed record ExperimentRequest
{
    public string Name { get; init; } = "";

    public ExperimentSpec Spec { get; init; } = new();

    /// <summary>One run per seed; empty means the spec's own seed.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [];

    /// <summary>The specs of the runs this request expands into, one per seed.</summary>
    public IReadOnlyList<ExperimentSpec> ExpandRuns() =>
        Seeds.Count == 0 ? [Spec] : Seeds.Select(seed => Spec with { Seed = seed }).ToList();
}
