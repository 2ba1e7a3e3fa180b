using LabPortal.Agent.Training;
using LabPortal.Agent.Training.Resume;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Tests.Training.Resume;

public sealed class ResumeTests : IDisposable
{
    // 200 pairs in batches of 16: 13 steps an epoch, 26 in all; step 7 is mid-epoch, after the evaluations at 3 and 6.
    private const int CheckpointStep = 7;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>LoRA with dropout (so the RNG matters), the best by loss every 3 steps (so the kept copy matters), a report every step.</summary>
    private static ExperimentSpec Spec() => TrainingFixture.QuickSpec() with
    {
        Method = new MethodSpec { Kind = MethodKind.Lora, Rank = 4, Alpha = 8, Dropout = 0.1 },
        Training = TrainingFixture.QuickSpec().Training with { LearningRate = 5e-3, LogEverySteps = 1, EvalEverySteps = 3, BestMetric = CheckpointMetric.Loss },
    };

    private string Folder(string name) => Path.Combine(_temp.Path, name);

    [Fact]
    public void A_run_cancelled_after_a_mid_epoch_step_and_resumed_ends_exactly_as_the_uninterrupted_run()
    {
        var job = TrainingFixture.Job(_temp, Spec());
        var (whole, wholeReports) = Train(job with { CheckpointFolder = Folder("whole"), CheckpointEverySteps = CheckpointStep });

        using var cancellation = new CancellationTokenSource();
        var cancelled = new SynchronousProgress([], r => { if (r.Kind == ProgressKind.Train && r.Step == CheckpointStep) cancellation.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => new Trainer().Train(job with { CheckpointFolder = Folder("cancelled"), CheckpointEverySteps = 100 }, cancelled, cancellation.Token));
        var (resumed, resumedReports) = Train(job with { ResumeFrom = Folder("cancelled") });

        Assert.Equal(Losses(wholeReports).Where(l => l.Step > CheckpointStep), Losses(resumedReports));
        Assert.Equal(wholeReports.Where(r => r.Kind == ProgressKind.Eval && r.Step > CheckpointStep).Select(r => (r.Step, r.Loss, r.Evaluation)),
            resumedReports.Where(r => r.Kind == ProgressKind.Eval).Select(r => (r.Step, r.Loss, r.Evaluation)));
        Assert.Equal(whole.Evaluation, resumed.Evaluation);
        Assert.Equal(whole.EvaluationLoss, resumed.EvaluationLoss);
        Assert.Equal((whole.Steps, whole.BestStep), (resumed.Steps, resumed.BestStep));
        // The periodic checkpoints replaced each other: the last one (step 21) is what the folder holds.
        Assert.Equal(["manifest.json", "state-21.safetensors"], Directory.GetFiles(Folder("whole")).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Resuming_with_another_spec_or_a_truncated_state_file_is_refused_naming_the_file_and_what_differs()
    {
        var spec = Spec() with { Training = Spec().Training with { Epochs = 1, EvalEverySteps = 0 } };
        var job = TrainingFixture.Job(_temp, spec);
        Train(job with { CheckpointFolder = Folder("run"), CheckpointEverySteps = 5 });

        var changed = job with { Spec = spec with { Seed = 7, Training = spec.Training with { LearningRate = 1e-3 } }, ResumeFrom = Folder("run") };
        var error = Assert.Throws<UnusableCheckpointException>(() => Train(changed));
        Assert.Contains(Path.Combine(Folder("run"), "manifest.json"), error.Message);
        Assert.Contains("training.learningRate: 0.005 in the checkpoint, 0.001 now", error.Message);
        Assert.Contains("seed: 42 in the checkpoint, 7 now", error.Message);

        var state = Path.Combine(Folder("run"), "state-10.safetensors");
        File.WriteAllBytes(state, File.ReadAllBytes(state)[..^100]);
        var truncated = Assert.Throws<UnusableCheckpointException>(() => Train(job with { ResumeFrom = Folder("run") }));
        Assert.Contains(state, truncated.Message);
        var missing = Assert.Throws<UnusableCheckpointException>(() => Train(job with { ResumeFrom = Folder("nowhere") }));
        Assert.Contains(Path.Combine(Folder("nowhere"), "manifest.json"), missing.Message);
    }

    [Fact]
    public void Two_hundred_resumes_in_a_row_in_one_process_end_exactly_as_the_uninterrupted_run()
    {
        const int Resumes = 200;
        var spec = Spec() with { Training = Spec().Training with { Epochs = 16 } }; // 208 steps
        var job = TrainingFixture.Job(_temp, spec);
        var (whole, _) = Train(job);

        string? from = null;
        for (var resume = 0; resume < Resumes; resume++)
        {
            // Each attempt takes one step, is canceled, writes its checkpoint and the next resumes from it, in this process:
            // a native object freed too early (the "Unknown scalar type" crash) shows up well within these.
            var to = Folder($"hop-{resume % 2}");
            if (Directory.Exists(to))
            {
                Directory.Delete(to, recursive: true);
            }

            using var cancellation = new CancellationTokenSource();
            var stopAfterOneStep = new SynchronousProgress([], r => { if (r.Kind == ProgressKind.Train) cancellation.Cancel(); });
            Assert.ThrowsAny<OperationCanceledException>(() =>
                new Trainer().Train(job with { ResumeFrom = from, CheckpointFolder = Directory.CreateDirectory(to).FullName, CheckpointEverySteps = 1000 }, stopAfterOneStep, cancellation.Token));
            from = to;
        }

        var (resumed, _) = Train(job with { ResumeFrom = from });

        Assert.Equal(whole.Evaluation, resumed.Evaluation);
        Assert.Equal(whole.EvaluationLoss, resumed.EvaluationLoss);
        Assert.Equal((whole.Steps, whole.BestStep), (resumed.Steps, resumed.BestStep));
    }

    private static (TrainingResult Result, List<ProgressReport> Reports) Train(TrainingJob job)
    {
        var reports = new List<ProgressReport>();
        return (new Trainer().Train(job, new SynchronousProgress(reports), CancellationToken.None), reports);
    }

    private static IEnumerable<(int Step, double? Loss)> Losses(IEnumerable<ProgressReport> reports) =>
        reports.Where(r => r.Kind == ProgressKind.Train).Select(r => (r.Step, r.Loss));
}
