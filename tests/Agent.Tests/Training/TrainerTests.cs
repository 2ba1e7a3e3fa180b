using LabPortal.Agent.Training;
using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Tests.Training;

public sealed class TrainerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Training_on_a_slice_of_qqp_lowers_the_loss_and_reports_metrics()
    {
        var spec = TrainingFixture.QuickSpec() with { Training = TrainingFixture.QuickSpec().Training with { Epochs = 3 } };
        var reports = new List<ProgressReport>();

        var result = new Trainer().Train(TrainingFixture.Job(_temp, spec), new SynchronousProgress(reports), CancellationToken.None);

        var train = reports.Where(r => r.Kind == ProgressKind.Train).ToList();
        var evals = reports.Where(r => r.Kind == ProgressKind.Eval).ToList();
        Assert.Equal(39, result.Steps);                      // ceil(200 / 16) × 3
        Assert.Equal(100, result.Evaluation.Total);
        Assert.Equal(3, evals.Count);
        Assert.Equal(result.Evaluation, evals[^1].Evaluation);
        Assert.True(train[^1].Loss < train[0].Loss, $"loss went from {train[0].Loss} to {train[^1].Loss}");
        Assert.All(train, r => Assert.Equal(39, r.TotalSteps));
        Assert.True(train.Max(r => r.LearningRate) > 0.9e-3, "the applied rate reaches the base rate after warm-up");
        Assert.Equal(result.TotalParameters, result.TrainableParameters);
        Assert.Matches("^[0-9a-f]{64}$", result.DatasetFingerprint);
    }

    [Fact]
    public void The_same_seed_and_data_give_identical_metrics()
    {
        var job = TrainingFixture.Job(_temp, TrainingFixture.QuickSpec(seed: 7) with { Training = TrainingFixture.QuickSpec().Training with { Epochs = 1 } });
        var firstReports = new List<ProgressReport>();
        var secondReports = new List<ProgressReport>();

        var first = new Trainer().Train(job, new SynchronousProgress(firstReports), CancellationToken.None);
        var second = new Trainer().Train(job, new SynchronousProgress(secondReports), CancellationToken.None);

        Assert.Equal(first.Evaluation, second.Evaluation);
        Assert.Equal(first.EvaluationLoss, second.EvaluationLoss);
        Assert.Equal(firstReports.Select(r => r.Loss), secondReports.Select(r => r.Loss));
    }

    [Fact]
    public void Cancelling_stops_training_within_one_step()
    {
        using var cancellation = new CancellationTokenSource();
        var reports = new List<ProgressReport>();
        var progress = new SynchronousProgress(reports, report =>
        {
            if (report.Step >= 4)
            {
                cancellation.Cancel();
            }
        });

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new Trainer().Train(TrainingFixture.Job(_temp, TrainingFixture.QuickSpec()), progress, cancellation.Token));

        Assert.Equal(4, reports.Max(r => r.Step));
    }
}
