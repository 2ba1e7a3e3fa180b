using LabPortal.Portal.Storage;
using LabPortal.Shared.Validation;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>Either the stored experiment or the reasons it was refused.</summary>
public sealed record SubmitResult(ExperimentRecord? Experiment, IReadOnlyList<ValidationError> Errors)
{
    public bool Succeeded => Experiment is not null;
}
