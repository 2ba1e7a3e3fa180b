namespace LabPortal.Shared.Experiments;

/// <summary>Which task, and which files (paths as the agent sees them, relative to its data root).
/// QQP and MRPC fix the layout; the custom task names its format and columns.</summary>
public sealed record DatasetSpec
{
    public TaskKind Task { get; init; } = TaskKind.Qqp;

    public string TrainFile { get; init; } = "";

    public string ValidationFile { get; init; } = "";

    /// <summary>File layout for the custom task ("auto": by extension — .tsv, .csv, .jsonl).</summary>
    public DatasetFormat Format { get; init; } = DatasetFormat.Auto;

    /// <summary>Custom task: the column (or JSON field) holding the first text.</summary>
    public string TextAColumn { get; init; } = "";

    /// <summary>Custom task: the column holding the second text.</summary>
    public string TextBColumn { get; init; } = "";

    /// <summary>Custom task: the column holding the 0/1 label (1 = same meaning).</summary>
    public string LabelColumn { get; init; } = "";
}
