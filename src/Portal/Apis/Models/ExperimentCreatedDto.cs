namespace LabPortal.Portal.Apis.Models;

/// <summary>The answer to a submitted experiment.</summary>
public sealed record ExperimentCreatedDto(int ExperimentId, IReadOnlyList<int> RunIds);
