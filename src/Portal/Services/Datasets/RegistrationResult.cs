using LabPortal.Portal.Storage;
using LabPortal.Shared.Validation;

namespace LabPortal.Portal.Services.Datasets;

/// <summary>Either the stored dataset or the reasons it was refused, by field.</summary>
public sealed record RegistrationResult(DatasetRecord? Dataset, IReadOnlyList<ValidationError> Errors)
{
    public bool Succeeded => Dataset is not null;
}
