using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Services;

/// <summary>One page of history and how many runs match the filter on all pages.</summary>
public sealed record HistoryPage(IReadOnlyList<RunRecord> Runs, int Total);
