using LabPortal.Agent.Evaluation;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using static TorchSharp.torch;

namespace LabPortal.Agent.Tests.Training;

public sealed class BestCheckpointTests
{
    private static EvaluationResult Evaluation(double loss, long truePositives = 5) => new(new ConfusionCounts(truePositives, 5, 5, 5), loss, []);

    [Fact]
    public void Restore_puts_back_the_parameters_of_the_lowest_loss()
    {
        using var layer = nn.Linear(3, 2);
        var parameters = layer.parameters().ToList();
        using var best = new BestCheckpoint(CheckpointMetric.Loss, patience: 0, parameters);
        var atBest = parameters.Select(p => p.detach().clone()).ToList();

        best.Offer(1, Evaluation(0.4));
        using (no_grad())
        {
            parameters.ForEach(p => p.add_(1));
        }

        best.Offer(2, Evaluation(0.5));
        best.Restore();

        Assert.Equal(1, best.BestStep);
        Assert.Equal(0.4, best.Evaluation!.Loss);
        Assert.All(parameters.Zip(atBest), pair => Assert.True(pair.First.allclose(pair.Second, rtol: 0, atol: 0)));
    }

    [Fact]
    public void A_higher_f1_is_better_and_a_tie_keeps_the_earlier_step()
    {
        using var layer = nn.Linear(3, 2);
        using var best = new BestCheckpoint(CheckpointMetric.F1, patience: 0, layer.parameters().ToList());

        best.Offer(1, Evaluation(0.9, truePositives: 5));
        best.Offer(2, Evaluation(0.1, truePositives: 9));
        best.Offer(3, Evaluation(0.1, truePositives: 9));

        Assert.Equal(2, best.BestStep);
    }

    [Fact]
    public void Patience_runs_out_after_that_many_evaluations_without_improvement_and_a_new_best_resets_it()
    {
        using var layer = nn.Linear(3, 2);
        using var best = new BestCheckpoint(CheckpointMetric.Loss, patience: 2, layer.parameters().ToList());

        Assert.Equal(
            [false, false, false, false, false, true],
            new[] { 0.5, 0.4, 0.45, 0.3, 0.35, 0.31 }.Select((loss, i) => best.Offer(i + 1, Evaluation(loss))));
    }

    [Fact]
    public void Keeping_the_last_model_names_no_best_step_and_never_stops()
    {
        using var layer = nn.Linear(3, 2);
        using var best = new BestCheckpoint(CheckpointMetric.Last, patience: 0, layer.parameters().ToList());

        best.Offer(1, Evaluation(0.1));
        var stops = best.Offer(2, Evaluation(0.9));

        Assert.False(stops);
        Assert.Null(best.BestStep);
        Assert.Equal(0.9, best.Evaluation!.Loss);
    }
}
