using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Apis.Models;

/// <summary>A registered dataset as the API shows it: its spec part, fingerprints and sizes.</summary>
public sealed record DatasetDto(
    int Id, string Name, DatasetSpec Dataset, string TrainSha256, string ValidationSha256, int TrainExamples, int ValidationExamples,
    DateTime RegisteredAt, string RegisteredBy)
{
    public static DatasetDto From(DatasetRecord d) => new(
        d.Id, d.Name, d.ToSpec(), d.TrainSha256, d.ValidationSha256, d.TrainExamples, d.ValidationExamples, d.RegisteredAt, d.RegisteredBy);
}
