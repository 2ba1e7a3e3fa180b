using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Services.History;

/// <summary>One page of history and how many runs match the filter on all pages.</summary>
public sealed record HistoryResults(IReadOnlyList<RunRecord> Runs, int Total);
