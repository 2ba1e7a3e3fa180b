namespace LabPortal.Shared.Experiments;

/// <summary>Which task, and which files (paths as the agent sees them, relative to its data root).
/// The GLUE tasks fix the layout; the custom task names its format, its columns and what its label is.</summary>
public sealed record DatasetSpec
{
    public TaskKind Task { get; init; } = TaskKind.Qqp;

    public string TrainFile { get; init; } = "";

    public string ValidationFile { get; init; } = "";

    /// <summary>File layout for the custom task ("auto": by extension — .tsv, .csv, .jsonl).</summary>
    public DatasetFormat Format { get; init; } = DatasetFormat.Auto;

    /// <summary>Custom task: the column (or JSON field) holding the first text.</summary>
    public string TextAColumn { get; init; } = "";

    /// <summary>Custom task: the column holding the second text; empty for one text per example.</summary>
    public string TextBColumn { get; init; } = "";

    /// <summary>Custom task: the column holding the label (0/1, 1 = same meaning, unless
    /// <see cref="LabelNames"/> or <see cref="Regression"/> say otherwise).</summary>
    public string LabelColumn { get; init; } = "";

    /// <summary>
    /// Custom task: the class names as the label column writes them, in class order (class 0 first); empty for a 0/1
    /// label with two classes.
    /// </summary>
    public IReadOnlyList<string> LabelNames { get; init; } = [];

    /// <summary>Class names from a comma-separated list as people type them ("neg, neutral, pos"), each trimmed; an empty
    /// entry (a stray comma) is kept so the validator can point at it.</summary>
    public static IReadOnlyList<string> LabelNamesFrom(string commaSeparated) => commaSeparated.Split(',', StringSplitOptions.TrimEntries);

    /// <summary>Custom task: the label is a score (any finite number), learnt by one output with the squared error.</summary>
    public bool Regression { get; init; }

    // Two specs are the same when their class names are, name by name: a list read back from JSON is another object.
    public bool Equals(DatasetSpec? other) =>
        other is not null && Task == other.Task && TrainFile == other.TrainFile && ValidationFile == other.ValidationFile
        && Format == other.Format && TextAColumn == other.TextAColumn && TextBColumn == other.TextBColumn
        && LabelColumn == other.LabelColumn && LabelNames.SequenceEqual(other.LabelNames) && Regression == other.Regression;

    public override int GetHashCode() => HashCode.Combine(Task, TrainFile, ValidationFile, Format, TextAColumn, TextBColumn, LabelColumn, Regression);
}
