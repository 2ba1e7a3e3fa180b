using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Data;

/// <summary>Which header columns of a GLUE TSV file hold the two texts and the 0/1 label.</summary>
public sealed record PairFileLayout(string FirstColumn, string SecondColumn, string LabelColumn)
{
    /// <summary>GLUE QQP: id, qid1, qid2, question1, question2, is_duplicate.</summary>
    public static PairFileLayout Qqp { get; } = new("question1", "question2", "is_duplicate");

    /// <summary>GLUE MRPC: Quality, #1 ID, #2 ID, #1 String, #2 String (Quality is the label).</summary>
    public static PairFileLayout Mrpc { get; } = new("#1 String", "#2 String", "Quality");

    public static PairFileLayout For(TaskKind task) => task switch
    {
        TaskKind.Qqp => Qqp,
        TaskKind.Mrpc => Mrpc,
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "No file layout for this task."),
    };
}
