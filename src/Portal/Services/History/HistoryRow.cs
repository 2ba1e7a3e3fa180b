using LabPortal.Portal.Storage;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.History;

/// <summary>What History filters and sorts a run by, without its spec, attempts and results.</summary>
internal sealed record HistoryRow(
    int Id,
    DateTime CreatedAt,
    string CreatedBy,
    string Model,
    string Task,
    string Method,
    RunState State,
    IReadOnlyList<string> Tags,
    string ExperimentName,
    string Variant,
    int Seed,
    double? Accuracy,
    double? F1,
    string SearchText)
{
    public static HistoryRow Of(RunRecord run) => new(
        run.Id,
        run.CreatedAt,
        string.Intern(run.CreatedBy),
        string.Intern(run.Model),
        string.Intern(run.Task),
        string.Intern(run.Method),
        run.State,
        run.Tags.ToArray(),
        run.ExperimentName,
        run.Variant,
        run.Seed,
        MetricOf(run.Evaluation, c => c.Accuracy),
        MetricOf(run.Evaluation, c => c.F1),
        // Search matches a substring of these, ignoring case.
        string.Join('\n', [run.ExperimentName, run.Variant, run.Notes, .. run.Tags]).ToLowerInvariant());

    // A result on no pairs has no accuracy: it sorts with the runs that have no result.
    private static double? MetricOf(ConfusionCounts? counts, Func<ConfusionCounts, double> metric) =>
        counts is { Total: > 0 } && metric(counts) is var value && double.IsFinite(value) ? value : null;
}
