using LabPortal.Agent.Data;
using LabPortal.Agent.Runs;
using LabPortal.Agent.Tests.Training;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.Logging.Abstractions;
using TorchSharp;

namespace LabPortal.Agent.Tests.Runs;

public sealed class RunExecutorTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly RecordingReporter _reporter = new();

    public RunExecutorTests()
    {
        _temp.WriteSlice("train.tsv", TestPaths.QqpTrain, rows: 200);
        _temp.WriteSlice("dev.tsv", TestPaths.QqpDev, rows: 100);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_valid_run_trains_streams_numbered_progress_and_completes()
    {
        var executor = Executor(new Trainer().Train);

        executor.Assign(new RunAssignment(RunId: 3, Attempt: 1, TrainingFixture.QuickSpec()));
        await executor.Running.WaitAsync(TimeSpan.FromSeconds(30));

        var completion = Assert.Single(_reporter.Completions);
        Assert.Empty(_reporter.Failures);
        Assert.Equal((3, 1, "agent-1"), (completion.RunId, completion.Attempt, completion.AgentId));
        Assert.Equal(100, completion.Outcome.Evaluation.Total);
        var reports = _reporter.Batches.SelectMany(b => b.Reports).ToList();
        Assert.Equal(Enumerable.Range(1, reports.Count).Select(i => (long)i), reports.Select(r => r.Sequence));
        Assert.Equal(2, reports.Count(r => r.Kind == ProgressKind.Eval));
        Assert.Null(executor.Current);
    }

    [Fact]
    public async Task A_lora_run_uploads_its_adapter_and_predictions_before_completing_and_leaves_no_local_files()
    {
        string? folder = null;
        var executor = Executor((job, progress, token) =>
        {
            folder = job.ArtifactFolder;
            return new Trainer().Train(job, progress, token);
        });
        var spec = TrainingFixture.QuickSpec() with { Method = new MethodSpec { Kind = MethodKind.Lora, Rank = 4 } };

        executor.Assign(new RunAssignment(4, 1, spec));
        await executor.Running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(_reporter.Completions);
        Assert.Contains("adapter.zip", _reporter.Artifacts.Keys);
        Assert.Contains("predictions.tsv", _reporter.Artifacts.Keys);
        using var adapter = new System.IO.Compression.ZipArchive(new MemoryStream(_reporter.Artifacts["adapter.zip"]));
        Assert.Equal(["adapter_config.json", "adapter_model.safetensors"], adapter.Entries.Select(e => e.FullName).Order());
        Assert.Equal(101, System.Text.Encoding.UTF8.GetString(_reporter.Artifacts["predictions.tsv"]).TrimEnd('\n').Split('\n').Length);
        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public async Task A_run_assigned_while_the_previous_one_sends_its_outcome_starts_after_it_instead_of_being_refused()
    {
        // The portal frees the agent as soon as the completion arrives, before the executor has wrapped up.
        using var completionArrived = new SemaphoreSlim(0);
        using var wrapUp = new SemaphoreSlim(0);
        var executor = Executor((job, _, _) => new TrainingResult { Steps = job.Spec.Seed });
        _reporter.OnComplete = async completion =>
        {
            if (completion.RunId == 1)
            {
                completionArrived.Release();
                await wrapUp.WaitAsync();
            }
        };

        executor.Assign(new RunAssignment(1, 1, TrainingFixture.QuickSpec(seed: 1)));
        await completionArrived.WaitAsync(TimeSpan.FromSeconds(10));
        executor.Assign(new RunAssignment(2, 1, TrainingFixture.QuickSpec(seed: 2)));
        wrapUp.Release();
        await executor.Running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(_reporter.Failures);
        Assert.Equal([1, 2], _reporter.Completions.Select(c => c.RunId));
    }

    [Fact]
    public async Task The_completion_names_the_best_step_the_run_reported()
    {
        var executor = Executor((_, _, _) => new TrainingResult { Steps = 20, BestStep = 12, StoppedEarly = true });

        executor.Assign(new RunAssignment(6, 1, TrainingFixture.QuickSpec()));
        await executor.Running.WaitAsync(TimeSpan.FromSeconds(10));

        var completion = Assert.Single(_reporter.Completions);
        Assert.Equal((20, 12), (completion.Outcome.Steps, completion.Outcome.BestStep));
    }

    [Fact]
    public async Task An_invalid_spec_fails_with_the_validator_messages()
    {
        var executor = Executor((_, _, _) => throw new InvalidOperationException("must not train"));
        var spec = TrainingFixture.QuickSpec() with { Dataset = new DatasetSpec { TrainFile = "missing.tsv", ValidationFile = "dev.tsv" } };

        executor.Assign(new RunAssignment(4, 1, spec));
        await executor.Running.WaitAsync(TimeSpan.FromSeconds(10));

        var failure = Assert.Single(_reporter.Failures);
        Assert.Contains("dataset.trainFile", failure.Reason);
        Assert.Contains("'missing.tsv' does not exist", failure.Reason);
    }

    [Fact]
    public async Task A_second_assignment_while_busy_is_declined_as_busy_so_the_portal_queues_it_again_instead_of_failing_it()
    {
        using var release = new ManualResetEventSlim();
        var executor = Executor((_, _, _) => { release.Wait(TimeSpan.FromSeconds(10)); return new TrainingResult(); });

        executor.Assign(new RunAssignment(5, 1, TrainingFixture.QuickSpec()));
        executor.Assign(new RunAssignment(6, 1, TrainingFixture.QuickSpec()));
        await WaitUntilAsync(() => _reporter.Failures.Count == 1);
        release.Set();
        await executor.Running.WaitAsync(TimeSpan.FromSeconds(10));

        var failure = Assert.Single(_reporter.Failures);
        Assert.Equal(6, failure.RunId);
        Assert.Equal(FailureKind.AgentBusy, failure.Kind);
        Assert.Contains("busy with run 5", failure.Reason);
        Assert.Equal(5, Assert.Single(_reporter.Completions).RunId);
    }

    [Fact]
    public async Task Canceling_a_run_reports_it_as_canceled()
    {
        var executor = Executor(new Trainer().Train);
        var spec = TrainingFixture.QuickSpec() with { Training = TrainingFixture.QuickSpec().Training with { Epochs = 50 } };

        executor.Assign(new RunAssignment(7, 2, spec));
        await WaitUntilAsync(() => _reporter.Batches.Count > 0);
        executor.Cancel(7);
        await executor.Running.WaitAsync(TimeSpan.FromSeconds(10));

        var failure = Assert.Single(_reporter.Failures);
        Assert.Equal((7, 2, RunExecutor.CanceledReason), (failure.RunId, failure.Attempt, failure.Reason));
        Assert.Empty(_reporter.Completions);
    }

    [Fact]
    public async Task The_run_log_gets_a_start_line_one_line_per_progress_report_with_both_lora_rates_and_the_outcome()
    {
        var executor = Executor((job, progress, _) =>
        {
            for (var step = 1; step <= 3; step++)
            {
                progress.Report(new ProgressReport
                {
                    Kind = ProgressKind.Train, Step = step, TotalSteps = 3, Loss = 0.7, LearningRate = 1e-3, LearningRateA = 1e-3, LearningRateB = 1.6e-2,
                });
            }

            return new TrainingResult { Steps = 3 };
        });

        executor.Assign(new RunAssignment(9, 2, TrainingFixture.QuickSpec()));
        await executor.Running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.All(_reporter.Logs, log => Assert.Equal((9, 2, "agent-1"), (log.RunId, log.Attempt, log.AgentId)));
        var lines = _reporter.Logs.SelectMany(l => l.Lines).ToList();
        Assert.Equal(5, lines.Count);
        Assert.StartsWith("run 9 attempt 2: training tiny", lines[0]);
        Assert.StartsWith("step 2/3  loss 0.7000  lr 1.00e-03  lr_A 1.00e-03  lr_B 1.60e-02", lines[2]);
        Assert.StartsWith("finished after 3 steps", lines[4]);
    }

    [Fact]
    public async Task An_exception_in_training_fails_the_run_with_its_message()
    {
        var executor = Executor((_, _, _) => throw new InvalidDataException("qqp/train.tsv, line 9, column 6: expected the label 0 or 1 but found 'x'."));

        executor.Assign(new RunAssignment(8, 1, TrainingFixture.QuickSpec()));
        await executor.Running.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("qqp/train.tsv, line 9, column 6: expected the label 0 or 1 but found 'x'.", Assert.Single(_reporter.Failures).Reason);
    }

    [Theory]
    [InlineData("not a zip at all")]
    [InlineData("a zip of another run")]
    [InlineData("the portal cannot be reached")]
    public async Task An_attempt_whose_checkpoint_cannot_be_used_starts_from_the_beginning_says_so_and_ends_as_a_fresh_run(string damage)
    {
        var spec = TrainingFixture.QuickSpec();
        var fresh = Executor(new Trainer().Train);
        fresh.Assign(new RunAssignment(10, 1, spec));
        await fresh.Running.WaitAsync(TimeSpan.FromSeconds(60));
        var expected = Assert.Single(_reporter.Completions).Outcome.Evaluation;
        _reporter.Completions.Clear();
        _reporter.Artifacts[ArtifactNames.Checkpoint] = damage == "not a zip at all" ? "PK but not really"u8.ToArray() : CheckpointOf(spec with { Seed = 7 });
        _reporter.PortalUnreachable = damage == "the portal cannot be reached";

        var resumed = Executor(new Trainer().Train);
        resumed.Assign(new RunAssignment(10, 2, spec) { ResumeFromCheckpoint = true });
        await resumed.Running.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Empty(_reporter.Failures);
        Assert.Equal(expected, Assert.Single(_reporter.Completions).Outcome.Evaluation);
        Assert.Contains(_reporter.Logs.Where(l => l.Attempt == 2).SelectMany(l => l.Lines), line => line.Contains("starting from the beginning"));
    }

    /// <summary>A real checkpoint, zipped as the agent uploads it, of a run of <paramref name="spec"/>.</summary>
    private byte[] CheckpointOf(ExperimentSpec spec)
    {
        var folder = Path.Combine(_temp.Path, "other-checkpoint");
        var job = new TrainingJob(spec, Path.Combine(_temp.Path, "train.tsv"), Path.Combine(_temp.Path, "dev.tsv"), torch.CPU, Path.Combine(_temp.Path, "other-artifacts"))
        {
            CheckpointFolder = Directory.CreateDirectory(folder).FullName,
            CheckpointEverySteps = 2,
        };
        new Trainer().Train(job, new Progress<ProgressReport>(_ => { }), CancellationToken.None);
        var zip = Path.Combine(_temp.Path, "other-checkpoint.zip");
        System.IO.Compression.ZipFile.CreateFromDirectory(folder, zip);
        return File.ReadAllBytes(zip);
    }

    private RunExecutor Executor(TrainFunction train) =>
        new("agent-1", new DataRoot(_temp.Path), torch.CPU, train, _reporter, NullLogger.Instance);

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(20);
        }
    }
}
