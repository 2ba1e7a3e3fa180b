namespace LabPortal.Portal.Services.Experiments;

/// <summary>One page of the experiments list and how many experiments match its filter in all.</summary>
public sealed record ExperimentListResults(IReadOnlyList<ExperimentSummary> Rows, int Total);
