using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Data;

/// <summary>Which columns (or JSON fields) hold the two texts and the 0/1 label.</summary>
public sealed record PairFileLayout(string FirstColumn, string SecondColumn, string LabelColumn)
{
    /// <summary>GLUE QQP: id, qid1, qid2, question1, question2, is_duplicate.</summary>
    public static PairFileLayout Qqp { get; } = new("question1", "question2", "is_duplicate");

    /// <summary>GLUE MRPC: Quality, #1 ID, #2 ID, #1 String, #2 String (Quality is the label).</summary>
    public static PairFileLayout Mrpc { get; } = new("#1 String", "#2 String", "Quality");

    public static PairFileLayout For(DatasetSpec dataset) => dataset.Task switch
    {
        TaskKind.Qqp => Qqp,
        TaskKind.Mrpc => Mrpc,
        TaskKind.Custom => new(dataset.TextAColumn, dataset.TextBColumn, dataset.LabelColumn),
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset.Task, "No file layout for this task."),
    };

    /// <summary>Where the three columns are in a header row; a missing one is an error naming it and the header.</summary>
    public (int First, int Second, int Label) IndicesIn(IReadOnlyList<string> header, string path) =>
        (IndexOf(header, FirstColumn, path), IndexOf(header, SecondColumn, path), IndexOf(header, LabelColumn, path));

    private static int IndexOf(IReadOnlyList<string> header, string name, string path)
    {
        var index = header.ToList().IndexOf(name);
        return index >= 0
            ? index
            : throw new DataFormatException(path, 1, $"'{name}'",
                $"the header has no column '{name}' (found: {string.Join(", ", header.Select(PairLabel.Shorten))}).");
    }
}
