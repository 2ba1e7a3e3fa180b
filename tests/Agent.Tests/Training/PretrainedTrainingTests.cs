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
        Assert.Equal(22_713_216 + (4 * 384 * 2) + 2, result.TotalParameters); // MiniLM's default head: a bi-encoder classifier on (u, v, |u−v|, u⊙v)
    }

    [Fact]
    public void Minilm_with_lora_for_two_epochs_on_400_qqp_pairs_beats_the_majority_class_of_200_dev_pairs()
    {
        // examples/minilm-lora-demo.json's settings (lr 0.005, r 8, α 16, query and value), two epochs of 25 steps; one
        // epoch stayed at the majority class.
        var spec = TrainingFixture.QuickSpec() with
        {
            Model = "minilm",
            Method = new MethodSpec { Kind = MethodKind.Lora, Rank = 8, Alpha = 16, Dropout = 0.1 },
            Training = TrainingFixture.QuickSpec().Training with { Epochs = 2, BatchSize = 16, LearningRate = 5e-3, MaxLength = 48, LogEverySteps = 5 },
        };
        var job = new TrainingJob(spec, _temp.WriteSlice("train.tsv", TestPaths.QqpTrain, rows: 400), _temp.WriteSlice("dev.tsv", TestPaths.QqpDev, rows: 200), torch.CPU);

        var result = new Trainer(fixture.Catalogue, TimeProvider.System).Train(job, null, CancellationToken.None);

        var counts = result.Evaluation;
        var majority = (double)Math.Max(counts.TruePositives + counts.FalseNegatives, counts.TrueNegatives + counts.FalsePositives) / counts.Total;
        output.WriteLine($"minilm lora: {result.TrainSeconds:F1} s, {result.ExamplesPerSecond:F1} ex/s; accuracy {counts.Accuracy:F3} (majority {majority:F3}), MCC {counts.Mcc:F3}, F1 {counts.F1:F3}");
        Assert.Equal(200, counts.Total);
        Assert.True(counts.Accuracy > majority, $"accuracy {counts.Accuracy:F3} vs majority {majority:F3}");
        Assert.True(counts.Mcc > 0.2, $"MCC {counts.Mcc:F3}");
    }
}
