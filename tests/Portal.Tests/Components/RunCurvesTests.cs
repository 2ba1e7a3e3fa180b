using LabPortal.Portal.Components.Pages.Compare;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Components;

public sealed class RunCurvesTests
{
    [Fact]
    public void A_single_spike_in_a_long_run_survives_downsampling_with_the_first_and_last_points()
    {
        var points = Enumerable.Range(0, 20_000).Select(step => ((double)step, step == 12_345 ? 9.0 : 0.5 + (step % 7 * 0.01))).ToList();

        var shown = ChartDownsampler.Take(points, RunCurves.MaxChartPoints);

        Assert.InRange(shown.Count, 2, RunCurves.MaxChartPoints);
        Assert.Contains((12_345.0, 9.0), shown);
        Assert.Equal(points[0], shown[0]);
        Assert.Equal(points[^1], shown[^1]);
        Assert.Equal(shown.OrderBy(p => p.X), shown);
    }

    [Fact]
    public void Short_curves_are_drawn_whole()
    {
        var points = Enumerable.Range(0, 50).Select(step => ((double)step, (double)step)).ToList();

        Assert.Equal(points, ChartDownsampler.Take(points, RunCurves.MaxChartPoints));
    }

    [Fact]
    public void A_requeued_run_shows_its_latest_attempt_only_even_when_an_old_attempts_points_arrive_late()
    {
        var curves = new RunCurves([.. Train(attempt: 1, steps: 40), Eval(attempt: 1, step: 40, correct: 3)]);
        curves.Add([.. Train(attempt: 2, steps: 10), Eval(attempt: 2, step: 10, correct: 9)]);
        curves.Add(Train(attempt: 1, steps: 45)); // a stale attempt's report, stored late

        Assert.Equal(2, curves.Attempt);
        Assert.Equal(Enumerable.Range(0, 10).Select(s => (double)s), curves.Train(p => p.Loss).Select(p => p.X));
        Assert.Equal([(10.0, 0.9)], curves.Evaluation(c => c.Accuracy));
    }

    [Fact]
    public void A_requeued_runs_earlier_attempts_keep_their_own_training_lines_late_reports_included()
    {
        var curves = new RunCurves(Train(attempt: 1, steps: 40));
        curves.Add([.. Train(attempt: 2, steps: 10), .. Train(attempt: 3, steps: 5)]);
        curves.Add(Train(attempt: 1, steps: 45).Skip(40)); // attempt 1's last reports, stored late

        var earlier = curves.EarlierAttempts(p => p.Loss);

        Assert.Equal([1, 2], earlier.Select(e => e.Attempt));
        Assert.Equal(Enumerable.Range(0, 45).Select(s => (double)s), earlier[0].Points.Select(p => p.X));
        Assert.Equal(10, earlier[1].Points.Count);
        Assert.Equal(5, curves.Train(p => p.Loss).Count);
    }

    [Fact]
    public void Compare_draws_each_run_from_its_latest_attempt_so_its_curve_never_jumps_back_to_step_zero()
    {
        var run = new RunRecord { Id = 7, Variant = "LoRA", Seed = 1 };
        var points = new Dictionary<int, IReadOnlyList<MetricPoint>> { [7] = [.. Train(attempt: 1, steps: 30), .. Train(attempt: 2, steps: 20)] };

        var line = Assert.Single(CompareCharts.TrainingLoss([run], points));

        var steps = line.Points.Select(p => p.X).ToList();
        Assert.Equal(steps.Order(), steps);
        Assert.Equal(19, steps[^1]);
    }

    private static IEnumerable<MetricPoint> Train(int attempt, int steps) =>
        Enumerable.Range(0, steps).Select(step => new MetricPoint { Attempt = attempt, Kind = ProgressKind.Train, Step = step, Loss = 1.0 / (step + 1) });

    private static MetricPoint Eval(int attempt, int step, int correct) =>
        new() { Attempt = attempt, Kind = ProgressKind.Eval, Step = step, Evaluation = new ConfusionCounts(correct, 10 - correct, 0, 0) };
}
