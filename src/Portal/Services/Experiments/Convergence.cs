using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>
/// How fast each variant of an experiment learns: its accuracy on the evaluation its loop runs (the selection split)
/// by step, averaged over its succeeded seeds, and how soon it reached a target — the final selection accuracy (the
/// mean over seeds of each one's best evaluation, the model it reported) of the frozen probe (head-only) when the
/// experiment has one, else of the baseline.
/// </summary>
public static class Convergence
{
    /// <param name="StepsToTarget">The first step at which the mean curve reached the target.</param>
    /// <param name="Time">How long each seed took to reach the target on its own curve, for the seeds that did.</param>
    public sealed record Curve(string Variant, IReadOnlyList<(double Step, double Accuracy)> Points, int? StepsToTarget, TimeToTarget? Time);

    /// <summary>Means over the seeds that reached the target: wall time since the attempt was assigned, and examples trained on.</summary>
    public sealed record TimeToTarget(double Seconds, long Examples, int SeedsReached, int Seeds);

    public sealed record Summary(string? TargetVariant, double? Target, IReadOnlyList<Curve> Curves);

    private sealed record Evaluation(int Step, double Accuracy, DateTimeOffset Time);

    public static Summary Of(IReadOnlyList<RunRecord> runs, Func<int, IReadOnlyList<MetricPoint>> points, string? baseline)
    {
        var succeeded = runs.Where(r => r.State == RunState.Succeeded).ToList();
        var evaluations = succeeded.ToDictionary(r => r.Id, r => EvaluationsOf(r, points(r.Id)));
        var targetVariant = succeeded.Any(r => r.Variant == VariantGenerator.HeadOnly) ? VariantGenerator.HeadOnly : baseline;
        var targetBests = succeeded.Where(r => r.Variant == targetVariant && evaluations[r.Id].Count > 0)
            .Select(r => evaluations[r.Id].Max(e => e.Accuracy))
            .ToList();
        double? target = targetBests.Count > 0 ? targetBests.Average() : null;

        var curves = succeeded.GroupBy(r => r.Variant)
            .Select(group =>
            {
                var mean = group.SelectMany(r => evaluations[r.Id])
                    .GroupBy(e => e.Step)
                    .OrderBy(g => g.Key)
                    .Select(g => ((double)g.Key, g.Average(e => e.Accuracy)))
                    .ToList();
                var reached = target is { } t ? mean.FirstOrDefault(p => Reaches(p.Item2, t)) : default;
                var time = target is { } goal ? TimeOf(group.ToList(), evaluations, goal) : null;
                return new Curve(group.Key, mean, target is null || reached == default ? null : (int)reached.Item1, time);
            })
            .Where(c => c.Points.Count > 0)
            .ToList();
        return new Summary(target is null ? null : targetVariant, target, curves);
    }

    private static TimeToTarget? TimeOf(List<RunRecord> seeds, Dictionary<int, List<Evaluation>> evaluations, double target)
    {
        var reached = seeds
            .Select(run => (Run: run, Start: AttemptStart(run), First: evaluations[run.Id].FirstOrDefault(e => Reaches(e.Accuracy, target))))
            .Where(r => r.First is not null && r.Start is not null)
            .Select(r => (Seconds: (r.First!.Time.UtcDateTime - r.Start!.Value).TotalSeconds, Examples: (double)r.First.Step * ExamplesPerStep(r.Run)))
            .ToList();
        return reached.Count == 0
            ? new TimeToTarget(double.NaN, 0, 0, seeds.Count)
            : new TimeToTarget(reached.Average(r => r.Seconds), (long)reached.Average(r => r.Examples), reached.Count, seeds.Count);
    }

    // From when the reported attempt was handed to its agent: model loading counts, as it does for the person waiting.
    private static DateTime? AttemptStart(RunRecord run) => run.Attempts.FirstOrDefault(a => a.Number == run.Attempt)?.AssignedAt;

    // A step is one optimiser update: a micro-batch times the accumulation steps (the epoch's last may be smaller).
    private static int ExamplesPerStep(RunRecord run)
    {
        var training = LabJson.Deserialize<ExperimentSpec>(run.SpecJson).Training;
        return training.BatchSize * training.GradientAccumulationSteps;
    }

    private static bool Reaches(double accuracy, double target) => accuracy >= target - 1e-12;

    /// <summary>The run's evaluations of its reported attempt (a requeued run starts its steps again).</summary>
    private static List<Evaluation> EvaluationsOf(RunRecord run, IReadOnlyList<MetricPoint> points) =>
        points.Where(p => p.Attempt == run.Attempt && p.Kind == ProgressKind.Eval && p.Evaluation is not null)
            .Select(p => new Evaluation(p.Step, p.Evaluation!.Accuracy, p.Time))
            .ToList();
}
