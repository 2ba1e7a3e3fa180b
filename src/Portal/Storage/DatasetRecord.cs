using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Storage;

/// <summary>A dataset registered by name: the files (relative to the data root) and their SHA-256 when registered.</summary>
public sealed class DatasetRecord
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>The name in lower case: names are unique regardless of case.</summary>
    public string NameKey { get; set; } = "";

    public TaskKind Task { get; set; }

    public DatasetFormat Format { get; set; }

    public string TrainFile { get; set; } = "";

    public string ValidationFile { get; set; } = "";

    public string TextAColumn { get; set; } = "";

    public string TextBColumn { get; set; } = "";

    public string LabelColumn { get; set; } = "";

    /// <summary>The custom task's class names in class order; empty for 0/1 (and for records from before they existed).</summary>
    public List<string> LabelNames { get; set; } = [];

    /// <summary>The custom task's label is a score.</summary>
    public bool Regression { get; set; }

    public string TrainSha256 { get; set; } = "";

    public string ValidationSha256 { get; set; } = "";

    public int TrainExamples { get; set; }

    public int ValidationExamples { get; set; }

    public DateTime RegisteredAt { get; set; }

    /// <summary>The user name of whoever registered it ("" for the portal itself and until accounts exist).</summary>
    public string RegisteredBy { get; set; } = "";

    /// <summary>The dataset part of a spec, as the new-experiment form fills it.</summary>
    public DatasetSpec ToSpec() => new()
    {
        Task = Task, Format = Format, TrainFile = TrainFile, ValidationFile = ValidationFile,
        TextAColumn = TextAColumn, TextBColumn = TextBColumn, LabelColumn = LabelColumn, LabelNames = LabelNames, Regression = Regression,
    };
}
