using System.Globalization;
using System.Text.Json;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Data;

/// <summary>
/// Which columns (or JSON fields) hold the text or two and the label, and how the label reads: 0/1, a class name
/// (<see cref="ClassNames"/>), or a score (<see cref="Score"/>: STS-B's from 0 to 5, a custom regression's any number).
/// A file without a header row (CoLA) has its columns named by <see cref="ImpliedHeader"/>.
/// </summary>
public sealed record PairFileLayout(string FirstColumn, string? SecondColumn, string LabelColumn)
{
    /// <summary>Label names in class order; null when the label is written as 0/1.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>The label is a score within these bounds; null when it is a class.</summary>
    public ScoreLabel? Score { get; init; }

    /// <summary>The column names of a file that has no header row; null when the first line is the header.</summary>
    public IReadOnlyList<string>? ImpliedHeader { get; init; }

    /// <summary>False for a file of texts to score without labels: its pairs read with the label NaN.</summary>
    public bool Labelled { get; init; } = true;

    /// <summary>The same texts without a label column, read by the file's own header (GLUE's test files have one).</summary>
    public PairFileLayout Unlabelled() => this with { Labelled = false, ImpliedHeader = null };

    /// <summary>GLUE QQP: id, qid1, qid2, question1, question2, is_duplicate.</summary>
    public static PairFileLayout Qqp { get; } = new("question1", "question2", "is_duplicate");

    /// <summary>GLUE MRPC: Quality, #1 ID, #2 ID, #1 String, #2 String (Quality is the label).</summary>
    public static PairFileLayout Mrpc { get; } = new("#1 String", "#2 String", "Quality");

    public static PairFileLayout For(DatasetSpec dataset) => dataset.Task switch
    {
        TaskKind.Qqp => Qqp,
        TaskKind.Mrpc => Mrpc,
        TaskKind.Cola => new("sentence", null, "label") { ImpliedHeader = ["source", "label", "original_label", "sentence"] },
        TaskKind.Sst2 => new("sentence", null, "label"),
        TaskKind.Stsb => new("sentence1", "sentence2", "score") { Score = ScoreLabel.Similarity },
        TaskKind.Mnli => new("sentence1", "sentence2", "gold_label") { ClassNames = TaskFacts.For(TaskKind.Mnli).ClassNames },
        TaskKind.Qnli => new("question", "sentence", "label") { ClassNames = TaskFacts.For(TaskKind.Qnli).ClassNames },
        TaskKind.Rte => new("sentence1", "sentence2", "label") { ClassNames = TaskFacts.For(TaskKind.Rte).ClassNames },
        TaskKind.Custom => new(dataset.TextAColumn, string.IsNullOrWhiteSpace(dataset.TextBColumn) ? null : dataset.TextBColumn, dataset.LabelColumn)
        {
            ClassNames = dataset.LabelNames.Count > 0 ? dataset.LabelNames : null,
            Score = dataset.Regression ? ScoreLabel.AnyNumber : null,
        },
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset.Task, "No file layout for this task."),
    };

    /// <summary>Where the columns are in a header row (-1: no second text, no label); a missing one is an error naming it and the header.</summary>
    public (int First, int Second, int Label) IndicesIn(IReadOnlyList<string> header, string path) =>
        (IndexOf(header, FirstColumn, path), SecondColumn is null ? -1 : IndexOf(header, SecondColumn, path), Labelled ? IndexOf(header, LabelColumn, path) : -1);

    /// <summary>The label as a number: the class index, or the score.</summary>
    public double ParseLabel(string text, string path, int line, string column)
    {
        if (Score is { } bounds)
        {
            return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var score) && double.IsFinite(score)
                   && score >= bounds.Min && score <= bounds.Max
                ? score
                : throw new DataFormatException(path, line, column, $"expected {bounds.Expected} but found '{PairLabel.Shorten(text)}'.");
        }

        if (ClassNames is { } names)
        {
            var index = names.ToList().IndexOf(text.Trim());
            return index >= 0
                ? index
                : throw new DataFormatException(path, line, column, $"expected the label {string.Join(", ", names)} but found '{PairLabel.Shorten(text)}'.");
        }

        return PairLabel.Parse(text, path, line, column);
    }

    /// <summary>A JSON label: 0/1 as <see cref="PairLabel"/> reads it, else a class name or score as a string (a score may also be a number).</summary>
    public double ParseLabel(JsonElement value, string path, int line, string column) =>
        Score is null && ClassNames is null
            ? PairLabel.Parse(value, path, line, column)
            : ParseLabel(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(), path, line, column);

    private static int IndexOf(IReadOnlyList<string> header, string name, string path)
    {
        var index = header.ToList().IndexOf(name);
        return index >= 0
            ? index
            : throw new DataFormatException(path, 1, $"'{name}'",
                $"the header has no column '{name}' (found: {string.Join(", ", header.Select(PairLabel.Shorten))}).");
    }
}

/// <summary>What a score label may be: a finite number within these bounds, and how an error message says so.</summary>
public sealed record ScoreLabel(double Min, double Max, string Expected)
{
    /// <summary>STS-B: a similarity score from 0 to 5.</summary>
    public static ScoreLabel Similarity { get; } = new(0, 5, "a similarity score from 0 to 5");

    /// <summary>A custom regression: any finite number (the head starts at the training mean, so no range is assumed).</summary>
    public static ScoreLabel AnyNumber { get; } = new(double.MinValue, double.MaxValue, "a score (a number such as 3.5)");
}
