using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using TorchSharp;

namespace LabPortal.Agent.Tests.Training;

/// <summary>A small slice of real QQP (200 training pairs, 100 validation pairs) and a quick spec for it.</summary>
internal static class TrainingFixture
{
    public static ExperimentSpec QuickSpec(int seed = 42) => new()
    {
        Model = "tiny",
        Seed = seed,
        Method = new MethodSpec { Kind = MethodKind.Full },
        Dataset = new DatasetSpec { Task = TaskKind.Qqp, TrainFile = "train.tsv", ValidationFile = "dev.tsv" },
        Training = new TrainingSpec
        {
            Epochs = 2, BatchSize = 16, LearningRate = 1e-3, WarmupRatio = 0.1, MaxLength = 32, LogEverySteps = 2,
            // The loop's mechanics on every training pair; tests of model selection hold a split out themselves.
            SelectionSplit = 0, BestMetric = CheckpointMetric.Last,
        },
    };

    public static TrainingJob Job(TempDirectory temp, ExperimentSpec spec) => new(
        spec,
        temp.WriteSlice("train.tsv", TestPaths.QqpTrain, rows: 200),
        temp.WriteSlice("dev.tsv", TestPaths.QqpDev, rows: 100),
        torch.CPU);

    /// <summary>The mean of the training losses reported during one epoch (1-based); single reports are noisy.</summary>
    public static double MeanLoss(IEnumerable<ProgressReport> trainReports, int epoch) =>
        trainReports.Where(r => Math.Ceiling(r.Epoch) == epoch).Average(r => r.Loss!.Value);
}
