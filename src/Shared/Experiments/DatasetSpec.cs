namespace LabPortal.Shared.Experiments;

/// <summary>Which task, and which files (paths as the agent sees them, relative to its data root).</summary>
public sealed record DatasetSpec
{
    public TaskKind Task { get; init; } = TaskKind.Qqp;

    public string TrainFile { get; init; } = "";

    public string ValidationFile { get; init; } = "";
}
