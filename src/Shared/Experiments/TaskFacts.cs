namespace LabPortal.Shared.Experiments;

/// <summary>
/// What a task is: one text or a pair, how many classes (or a 0–5 score), the class names in Hugging Face's GLUE
/// order (so a saved head's outputs mean what they mean there), and the metrics GLUE's leaderboard scores it by.
/// </summary>
/// <param name="Title">How GLUE writes its name.</param>
/// <param name="ClassNames">Class i's name; empty for a regression task.</param>
public sealed record TaskFacts(string Title, bool SingleText, IReadOnlyList<string> ClassNames, IReadOnlyList<TaskMetric> OfficialMetrics)
{
    /// <summary>The label is a similarity score, not a class: one output, mean-squared-error loss.</summary>
    public bool IsRegression => ClassNames.Count == 0;

    /// <summary>Outputs of the classifier: one per class, one for a score.</summary>
    public int Outputs => IsRegression ? 1 : ClassNames.Count;

    /// <summary>C3's matching score and zero-shot's cosine decide "same or not" between two texts, so they need a two-class pair task.</summary>
    public bool IsTwoClassPair => !SingleText && ClassNames.Count == 2;

    /// <summary>The eight GLUE tasks the lab reads, in GLUE's order, without the custom task.</summary>
    public static IReadOnlyList<TaskKind> Glue { get; } =
        [TaskKind.Cola, TaskKind.Sst2, TaskKind.Mrpc, TaskKind.Stsb, TaskKind.Qqp, TaskKind.Mnli, TaskKind.Qnli, TaskKind.Rte];

    /// <summary>What a person picks from: the GLUE tasks, then a file with columns they name.</summary>
    public static IReadOnlyList<TaskKind> Choosable { get; } = [.. Glue, TaskKind.Custom];

    /// <summary>Which task these are the facts of (custom for a custom dataset's).</summary>
    public TaskKind Kind { get; init; } = TaskKind.Custom;

    public static TaskFacts For(TaskKind task) => Known(task) with { Kind = task };

    private static TaskFacts Known(TaskKind task) => task switch
    {
        TaskKind.Cola => new("CoLA", true, ["unacceptable", "acceptable"], [TaskMetric.Mcc]),
        TaskKind.Sst2 => new("SST-2", true, ["negative", "positive"], [TaskMetric.Accuracy]),
        TaskKind.Mrpc => new("MRPC", false, ["not_equivalent", "equivalent"], [TaskMetric.F1, TaskMetric.Accuracy]),
        TaskKind.Stsb => new("STS-B", false, [], [TaskMetric.Pearson, TaskMetric.Spearman]),
        TaskKind.Qqp => new("QQP", false, ["not_duplicate", "duplicate"], [TaskMetric.F1, TaskMetric.Accuracy]),
        TaskKind.Mnli => new("MNLI", false, ["entailment", "neutral", "contradiction"], [TaskMetric.Accuracy]),
        TaskKind.Qnli => new("QNLI", false, ["entailment", "not_entailment"], [TaskMetric.Accuracy]),
        TaskKind.Rte => new("RTE", false, ["entailment", "not_entailment"], [TaskMetric.Accuracy]),
        TaskKind.Custom => new(CustomTitle, false, ["different", "same"], [TaskMetric.Accuracy, TaskMetric.F1]),
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Not a task the lab knows."),
    };

    /// <summary>
    /// The facts of a dataset: a GLUE task's own, or the custom task's from its spec — one text when no second column
    /// is named, a score when <see cref="DatasetSpec.Regression"/>, else the named classes (0/1 when none are named).
    /// </summary>
    public static TaskFacts For(DatasetSpec dataset)
    {
        if (dataset.Task != TaskKind.Custom)
        {
            return For(dataset.Task);
        }

        var singleText = string.IsNullOrWhiteSpace(dataset.TextBColumn);
        if (dataset.Regression)
        {
            return new(CustomTitle, singleText, [], [TaskMetric.Pearson, TaskMetric.Spearman]);
        }

        // A 0/1 pair says "same meaning or not"; a 0/1 single text has no such meaning, so its classes keep their numbers.
        IReadOnlyList<string> names = dataset.LabelNames.Count > 0 ? dataset.LabelNames : singleText ? ["0", "1"] : For(TaskKind.Custom).ClassNames;
        return new(CustomTitle, singleText, names, names.Count == 2 ? [TaskMetric.Accuracy, TaskMetric.F1] : [TaskMetric.Accuracy]);
    }

    private const string CustomTitle = "Custom columns";
}
