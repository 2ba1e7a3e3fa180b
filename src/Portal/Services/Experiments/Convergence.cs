using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>
/// How fast each variant of an experiment learns: its accuracy on the evaluation its loop runs (the selection split)
/// by step, averaged over its succeeded seeds, and the first step at which that mean reached the baseline's final
/// selection accuracy (the mean over the baseline's seeds of its best evaluation, which is the model it reported).
/// </summary>
public static class Convergence
{
    public sealed record Curve(string Variant, IReadOnlyList<(double Step, double Accuracy)> Points, int? StepsToTarget);

    public sealed record Summary(double? Target, IReadOnlyList<Curve> Curves);

    public static Summary Of(IReadOnlyList<RunRecord> runs, Func<int, IReadOnlyList<MetricPoint>> points, string? baseline)
    {
        var succeeded = runs.Where(r => r.State == RunState.Succeeded).ToList();
        var evaluations = succeeded.ToDictionary(r => r.Id, r => EvaluationsOf(r, points(r.Id)));
        var baselineBests = succeeded.Where(r => r.Variant == baseline && evaluations[r.Id].Count > 0)
            .Select(r => evaluations[r.Id].Max(e => e.Accuracy))
            .ToList();
        double? target = baselineBests.Count > 0 ? baselineBests.Average() : null;

        var curves = succeeded.GroupBy(r => r.Variant)
            .Select(group =>
            {
                var mean = group.SelectMany(r => evaluations[r.Id])
                    .GroupBy(e => e.Step)
                    .OrderBy(g => g.Key)
                    .Select(g => ((double)g.Key, g.Average(e => e.Accuracy)))
                    .ToList();
                var reached = target is { } t ? mean.FirstOrDefault(p => p.Item2 >= t - 1e-12) : default;
                return new Curve(group.Key, mean, target is null || reached == default ? null : (int)reached.Item1);
            })
            .Where(c => c.Points.Count > 0)
            .ToList();
        return new Summary(target, curves);
    }

    /// <summary>The run's evaluations of its reported attempt (a requeued run starts its steps again).</summary>
    private static List<(int Step, double Accuracy)> EvaluationsOf(RunRecord run, IReadOnlyList<MetricPoint> points) =>
        points.Where(p => p.Attempt == run.Attempt && p.Kind == ProgressKind.Eval && p.Evaluation is not null)
            .Select(p => (p.Step, p.Evaluation!.Accuracy))
            .ToList();
}
