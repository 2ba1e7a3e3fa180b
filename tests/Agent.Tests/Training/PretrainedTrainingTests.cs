using LabPortal.Agent.Tests.Models.Packaged;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using TorchSharp;
using Xunit.Abstractions;

namespace LabPortal.Agent.Tests.Training;

[Collection(PackagedEncoderCollection.Name)]
public sealed class PretrainedTrainingTests(PackagedEncoderFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_short_full_fine_tuning_run_of_minilm_completes_and_reports_metrics()
    {
        var spec = TrainingFixture.QuickSpec() with
        {
            Model = "minilm",
            Training = TrainingFixture.QuickSpec().Training with { Epochs = 1, BatchSize = 16, LearningRate = 5e-5, MaxLength = 64, LogEverySteps = 1 },
        };
        var job = new TrainingJob(spec, _temp.WriteSlice("train.tsv", TestPaths.QqpTrain, rows: 64), _temp.WriteSlice("dev.tsv", TestPaths.QqpDev, rows: 32), torch.CPU);
        var reports = new List<ProgressReport>();

        var result = new Trainer(fixture.Catalogue, TimeProvider.System).Train(job, new SynchronousProgress(reports), CancellationToken.None);

        var train = reports.Where(r => r.Kind == ProgressKind.Train).ToList();
        output.WriteLine($"minilm: {result.Steps} steps in {result.TrainSeconds:F1} s (load, train and evaluate); " +
            $"{string.Join(", ", train.Select(r => $"{16 / r.ExamplesPerSecond!.Value:F2} s"))} per step; eval accuracy {result.Evaluation.Accuracy:F2}");
        Assert.Equal(4, result.Steps);
        Assert.Equal(32, result.Evaluation.Total);
        Assert.All(train, r => Assert.True(double.IsFinite(r.Loss!.Value)));
        Assert.Equal(22_713_216 + (384 * 2) + 2, result.TotalParameters);
    }
}
