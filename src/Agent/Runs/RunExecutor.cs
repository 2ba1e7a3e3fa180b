using System.IO.Compression;
using System.Globalization;
using LabPortal.Agent.Data;
using LabPortal.Agent.Training;
using LabPortal.Agent.Training.Resume;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;
using LabPortal.Shared.Validation;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace LabPortal.Agent.Runs;

/// <summary>
/// Runs one assigned attempt at a time on a background task: validates the spec against the local data,
/// trains, forwards batched progress and reports completion or a failure a person can act on.
/// </summary>
public sealed class RunExecutor(string agentId, DataRoot dataRoot, Device device, TrainFunction train, IRunReporter reporter, ILogger logger)
{
    public const string CanceledReason = "Canceled";

    public const string ShutdownReason = "the agent shut down";

    private readonly Lock _lock = new();
    private ActiveRun? _current;
    private Task _running = Task.CompletedTask;

    /// <summary>The attempt in progress, if any.</summary>
    public ActiveRun? Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Completes when the current attempt (if any) has reported its outcome.</summary>
    public Task Running
    {
        get
        {
            lock (_lock)
            {
                return _running;
            }
        }
    }

    /// <summary>Starts the attempt in the background, or fails it at once if another one is running. Returns without waiting.</summary>
    public void Assign(RunAssignment assignment)
    {
        lock (_lock)
        {
            if (_current is { } busy)
            {
                if (busy.Is(assignment.RunId, assignment.Attempt))
                {
                    return; // the same attempt again (for example after a reconnect): it is already running
                }

                if (busy.RunId == assignment.RunId && assignment.Attempt > busy.Attempt && busy.CanStop)
                {
                    // The portal gave up on the attempt this agent is training (its lease ran out while the agent was
                    // slow to report) and handed the run out again: the new attempt replaces the old one.
                    logger.LogWarning("Run {RunId}: attempt {Attempt} replaces attempt {Old}", assignment.RunId, assignment.Attempt, busy.Attempt);
                    busy.Cancellation.Cancel();
                    busy.Enter(AttemptPhase.Reporting);
                }

                if (busy.CanStop)
                {
                    // Not the offered run's fault: it goes back to the queue; the portal stops the run this agent
                    // still trains once a heartbeat names it.
                    logger.LogWarning("Declining run {RunId}: busy with run {BusyRunId}", assignment.RunId, busy.RunId);
                    _ = SendFailureAsync(assignment.RunId, assignment.Attempt, $"the agent was still busy with run {busy.RunId}", FailureKind.AgentBusy);
                    return;
                }
            }

            // The portal frees the agent when the outcome arrives, which can be before this task has wrapped up:
            // the next run starts once the previous one is completely done.
            var active = new ActiveRun(assignment.RunId, assignment.Attempt);
            var previous = _running;
            _current = active;
            _running = Task.Run(async () =>
            {
                await previous;
                await ExecuteAsync(assignment, active);
            });
        }
    }

    /// <summary>Asks the attempt of this run to stop; training ends within one step. One that is already reporting its outcome goes on.</summary>
    public void Cancel(int runId)
    {
        lock (_lock)
        {
            if (_current is { } active && active.RunId == runId && active.CanStop)
            {
                logger.LogInformation("Canceling run {RunId}", runId);
                active.Cancellation.Cancel();
            }
        }
    }

    /// <summary>The agent is stopping: the current attempt ends within one step and its run goes back to the queue.</summary>
    public void StopForShutdown()
    {
        lock (_lock)
        {
            if (_current is { } active)
            {
                logger.LogInformation("Shutting down: handing run {RunId} back to the queue", active.RunId);
                active.ShuttingDown = true;
                active.Cancellation.Cancel();
            }
        }
    }

    /// <summary>One attempt from start to end: prepare, train, report; whatever stops it is reported as its outcome.</summary>
    private async Task ExecuteAsync(RunAssignment assignment, ActiveRun active)
    {
        var (runId, attempt, _) = assignment;
        var checkpoints = new CheckpointUploads(
            content => reporter.UploadArtifactAsync(runId, attempt, ArtifactNames.Checkpoint, content),
            e => logger.LogWarning("Run {RunId}: a checkpoint did not reach the portal ({Message})", runId, e.Message));
        using var folders = new AttemptFolders(runId, attempt);
        try
        {
            if (await PrepareAsync(assignment, active, folders, checkpoints) is not { } job)
            {
                return;
            }

            Enter(active, AttemptPhase.Training);
            var result = await TrainAsync(job, active);
            await ReportAsync(active, result, folders.Artifacts);
        }
        catch (OperationCanceledException) when (active.Cancellation.IsCancellationRequested)
        {
            // The trainer wrote a checkpoint as it stopped: it must be on the portal before the run is handed back.
            await checkpoints.DrainAsync();
            Enter(active, AttemptPhase.Reporting);
            await SendFailureAsync(runId, attempt, active.ShuttingDown ? ShutdownReason : CanceledReason,
                active.ShuttingDown ? FailureKind.AgentLeaving : FailureKind.Failed);
        }
        catch (Exception exception)
        {
            // The message is for a person; the stack trace stays in the agent's log.
            logger.LogError(exception, "Run {RunId} failed", runId);
            Enter(active, AttemptPhase.Reporting);
            await SendFailureAsync(runId, attempt, exception.Message);
        }
        finally
        {
            lock (_lock)
            {
                if (_current == active)
                {
                    _current = null;
                }
            }

            active.Cancellation.Dispose();
        }
    }

    /// <summary>
    /// Checks the spec against the local data and builds the training job, with the checkpoint to resume from; null
    /// (the failure already reported) when the spec cannot run here.
    /// </summary>
    private async Task<TrainingJob?> PrepareAsync(RunAssignment assignment, ActiveRun active, AttemptFolders folders, CheckpointUploads checkpoints)
    {
        var (runId, attempt, spec) = assignment;
        var errors = SpecValidator.Validate(spec, dataRoot);
        if (errors.Count > 0)
        {
            Enter(active, AttemptPhase.Reporting);
            await SendFailureAsync(runId, attempt, "Invalid spec: " + string.Join(" ", errors.Select(e => $"{e.Field}: {e.Message}")));
            return null;
        }

        logger.LogInformation("Run {RunId} attempt {Attempt}: training {Model} on {TrainFile}", runId, attempt, spec.Model, spec.Dataset.TrainFile);
        await SendLogAsync(runId, attempt, $"run {runId} attempt {attempt}: training {spec.Model} on {spec.Dataset.TrainFile} ({device})");
        var resumeFrom = assignment.ResumeFromCheckpoint ? await FetchCheckpointAsync(runId, attempt, folders.Work) : null;
        return new TrainingJob(spec, dataRoot.Resolve(spec.Dataset.TrainFile)!, dataRoot.Resolve(spec.Dataset.ValidationFile)!, device, folders.Artifacts)
        {
            CheckpointFolder = Directory.CreateDirectory(Path.Combine(folders.Work, "checkpoints")).FullName,
            CheckpointEverySteps = assignment.CheckpointEverySteps,
            CheckpointWritten = checkpoints.Offer,
            ResumeFrom = resumeFrom,
        };
    }

    /// <summary>Trains, sending each batch of reports as progress and as the lines the agent would print.</summary>
    private async Task<TrainingResult> TrainAsync(TrainingJob job, ActiveRun active)
    {
        var (runId, attempt) = (active.RunId, active.Attempt);
        await using var forwarder = new ProgressForwarder(async reports =>
        {
            await SendProgressAsync(new ProgressBatch(agentId, runId, attempt, reports));
            await SendLogAsync(runId, attempt, reports.Select(ProgressLine.Format).ToArray());
        });
        forwarder.SendFailed += e => logger.LogWarning("Run {RunId}: progress cannot reach the portal ({Message}); keeping it to send later", runId, e.Message);
        forwarder.Dropped += count => logger.LogWarning("Run {RunId}: dropped the {Count} oldest unsent training reports", runId, count);
        try
        {
            return train(job, forwarder, active.Cancellation.Token);
        }
        catch (UnusableCheckpointException unusable) when (job.ResumeFrom is not null)
        {
            // A damaged or mismatched checkpoint costs the steps it saved, not the run.
            logger.LogWarning("Run {RunId}: the checkpoint cannot be used ({Message}); starting from the beginning", runId, unusable.Message);
            await SendLogAsync(runId, attempt, $"the checkpoint of the lost attempt cannot be used ({unusable.Message}): starting from the beginning");
            return train(job with { ResumeFrom = null }, forwarder, active.Cancellation.Token);
        }
    }

    /// <summary>Uploads the run's files, then reports the completion, so a finished run always has them.</summary>
    private async Task ReportAsync(ActiveRun active, TrainingResult result, string artifactFolder)
    {
        var (runId, attempt) = (active.RunId, active.Attempt);
        await UploadArtifactsAsync(runId, attempt, artifactFolder);
        await SendLogAsync(runId, attempt, string.Create(CultureInfo.InvariantCulture,
            $"finished after {result.Steps} steps: accuracy {result.Evaluation.Accuracy:F4}, F1 {result.Evaluation.F1:F4}, MCC {result.Evaluation.Mcc:F4}"));
        Enter(active, AttemptPhase.Reporting);

        await reporter.CompleteRunAsync(new RunCompletion { AgentId = agentId, RunId = runId, Attempt = attempt, Outcome = result.OutcomeOnly() });
        logger.LogInformation("Run {RunId} finished: accuracy {Accuracy:F4}, F1 {F1:F4} after {Steps} steps", runId, result.Evaluation.Accuracy, result.Evaluation.F1, result.Steps);
    }

    /// <summary>
    /// Downloads and unpacks the run's last checkpoint (the previous attempt was lost); null, and a fresh start, when
    /// the portal has none or it is not a readable zip. One whose contents do not fit is found by the trainer, and the
    /// attempt starts afresh then too.
    /// </summary>
    private async Task<string?> FetchCheckpointAsync(int runId, int attempt, string work)
    {
        var zip = Path.Combine(work, ArtifactNames.Checkpoint);
        bool downloaded;
        try
        {
            downloaded = await DownloadWithRetriesAsync(runId, zip);
        }
        catch (HttpRequestException unreachable)
        {
            // The portal is restarting or the link is down: the steps the checkpoint saved are cheaper than the run.
            await SendLogAsync(runId, attempt, $"the checkpoint could not be fetched ({unreachable.Message}): starting from the beginning");
            return null;
        }

        if (!downloaded)
        {
            await SendLogAsync(runId, attempt, "no checkpoint on the portal: starting from the beginning");
            return null;
        }

        var folder = Path.Combine(work, "resume");
        try
        {
            ZipFile.ExtractToDirectory(zip, folder); // refuses entries that would land outside the folder
        }
        catch (InvalidDataException damaged)
        {
            await SendLogAsync(runId, attempt, $"the checkpoint on the portal is not a readable zip ({damaged.Message}): starting from the beginning");
            return null;
        }

        await SendLogAsync(runId, attempt, "resuming from the checkpoint of the lost attempt");
        return folder;
    }

    /// <summary>Downloads the checkpoint, trying again for about eight seconds while the portal cannot be reached.</summary>
    private async Task<bool> DownloadWithRetriesAsync(int runId, string zip)
    {
        for (var wait = TimeSpan.FromMilliseconds(500); ; wait *= 2)
        {
            try
            {
                return await reporter.DownloadArtifactAsync(runId, ArtifactNames.Checkpoint, zip);
            }
            catch (HttpRequestException) when (wait <= TimeSpan.FromSeconds(4))
            {
                await Task.Delay(wait);
            }
        }
    }

    /// <summary>Sends a batch; one the portal answered and refused (a stale attempt, say) is not worth sending again.</summary>
    private async Task SendProgressAsync(ProgressBatch batch)
    {
        try
        {
            await reporter.ReportProgressAsync(batch);
        }
        catch (Microsoft.AspNetCore.SignalR.HubException refused)
        {
            logger.LogWarning("Run {RunId}: the portal refused progress reports: {Reason}", batch.RunId, refused.Message);
        }
    }

    private void Enter(ActiveRun active, AttemptPhase phase)
    {
        lock (_lock)
        {
            active.Enter(phase);
        }
    }

    /// <summary>Uploads the run's files; a refused file is logged, not fatal (the metrics still count).</summary>
    private async Task UploadArtifactsAsync(int runId, int attempt, string folder)
    {
        try
        {
            foreach (var (name, open) in ArtifactPackage.From(folder))
            {
                await using var content = open();
                await reporter.UploadArtifactAsync(runId, attempt, name, content);
            }
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
        {
            logger.LogWarning("Run {RunId}: its files were not all stored on the portal ({Message})", runId, exception.Message);
        }
    }

    /// <summary>Sends lines to the run's log; a refused or lost line is only logged here (the run goes on).</summary>
    private async Task SendLogAsync(int runId, int attempt, params string[] lines)
    {
        try
        {
            await reporter.ReportLogAsync(new RunLog(agentId, runId, attempt, lines));
        }
        catch (Exception exception)
        {
            logger.LogDebug("Run {RunId}: log lines not delivered ({Message})", runId, exception.Message);
        }
    }

    private async Task SendFailureAsync(int runId, int attempt, string reason, FailureKind kind = FailureKind.Failed)
    {
        await SendLogAsync(runId, attempt, $"stopped: {reason}");
        try
        {
            await reporter.FailRunAsync(new RunFailure(agentId, runId, attempt, reason, kind));
        }
        catch (Exception exception)
        {
            logger.LogWarning("Could not report the failure of run {RunId} ({Message})", runId, exception.Message);
        }
    }

    /// <summary>The attempt's two scratch folders: the files to upload and the working space (checkpoints); gone when it ends.</summary>
    private sealed class AttemptFolders(int runId, int attempt) : IDisposable
    {
        public string Artifacts { get; } = Directory.CreateTempSubdirectory($"labportal-run-{runId}-{attempt}-").FullName;

        public string Work { get; } = Directory.CreateTempSubdirectory($"labportal-work-{runId}-{attempt}-").FullName;

        public void Dispose()
        {
            foreach (var folder in new[] { Artifacts, Work })
            {
                if (Directory.Exists(folder))
                {
                    Directory.Delete(folder, recursive: true); // the portal holds the files now (or the run failed)
                }
            }
        }
    }
}
