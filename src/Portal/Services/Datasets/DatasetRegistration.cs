using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Services.Datasets;

/// <summary>What a person or a script registers: a name and the dataset part of a spec (files relative to the data root).</summary>
public sealed record DatasetRegistration
{
    public string Name { get; init; } = "";

    public DatasetSpec Dataset { get; init; } = new();
}
