using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Storage;

/// <summary>A submitted experiment: its name and spec, and the runs it expanded into.</summary>
public sealed class ExperimentRecord
{
    public int Id { get; set; }

    public string Name { get; set; } = "";

    /// <summary>How the spec was expanded into variants.</summary>
    public PresetKind Preset { get; set; }

    /// <summary>The spec as submitted (JSON), kept verbatim so any run can be reproduced exactly.</summary>
    public string SpecJson { get; set; } = "";

    public List<int> RunIds { get; set; } = [];

    public DateTime CreatedAt { get; set; }

    /// <summary>The user name of whoever submitted it.</summary>
    public string CreatedBy { get; set; } = "";
}
