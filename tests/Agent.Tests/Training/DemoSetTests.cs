using LabPortal.Agent.Data;
using LabPortal.Agent.Training;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using LabPortal.Shared.Validation;
using TorchSharp;

namespace LabPortal.Agent.Tests.Training;

/// <summary>The demo experiment exactly as a person submits it (examples/demo.json on data/demo).</summary>
public sealed class DemoSetTests
{
    [Fact]
    public void Training_on_the_demo_set_with_the_example_spec_lowers_the_loss_and_beats_the_majority_class()
    {
        var request = LabJson.Deserialize<ExperimentRequest>(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "examples", "demo.json")));
        var spec = Assert.Single(request.ExpandRuns()).Spec;
        var root = new DataRoot(TestPaths.RepositoryRoot);
        Assert.Empty(SpecValidator.Validate(spec, root));
        var reports = new List<ProgressReport>();

        var result = new Trainer().Train(
            new TrainingJob(spec, root.Resolve(spec.Dataset.TrainFile)!, root.Resolve(spec.Dataset.ValidationFile)!, torch.CPU),
            new SynchronousProgress(reports),
            CancellationToken.None);

        var train = reports.Where(r => r.Kind == ProgressKind.Train).ToList();
        Assert.True(TrainingFixture.MeanLoss(train, epoch: 1) > TrainingFixture.MeanLoss(train, epoch: 3), string.Join(" ", train.Select(r => $"{r.Loss:F3}")));
        // Beyond the majority class (all "not duplicate" has MCC 0): the demo run learns something real.
        Assert.True(result.Evaluation.Mcc > 0.2, $"MCC {result.Evaluation.Mcc:F3}, accuracy {result.Evaluation.Accuracy:F3}");
        Assert.Equal(PairFileReader.CountRows(root.Resolve(spec.Dataset.ValidationFile)!, spec.Dataset), result.Evaluation.Total);
    }
}
