using LabPortal.Portal.Storage;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Runs;

/// <summary>
/// Progress batches: each is stored all-or-nothing (its points, the run's summary and whatever the caller adds, such as
/// the lease) in one transaction. Batches that arrive while another commit is under way wait for the next one and share
/// it, so hundreds of agents do not cost hundreds of commits, and their hub calls wait without holding a thread.
/// </summary>
public sealed partial class RunLifecycle
{
    /// <summary>
    /// Most reports one commit carries (a batch bigger than this goes alone): a commit costs by its reports, and every
    /// batch in it waits for all of them, so this bounds how long each waits for the others' and how long the caller
    /// that writes spends on them. Counted in reports, not batches: agents send up to 20 per call.
    /// </summary>
    public const int MaxReportsPerCommit = 256;

    private readonly Lock _waitingGate = new();
    private List<ProgressWrite> _waiting = [];
    private bool _writing;

    private sealed record ProgressWrite(ProgressBatch Batch, Action<RunRecord>? AlsoChange)
    {
        /// <summary>The agent whose current attempt the batch must be, when that is still to be checked.</summary>
        public string? AgentId { get; init; }

        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>
    /// Stores new progress reports of the agent's current attempt and moves the run to Running, in one transaction of
    /// its own. <paramref name="alsoChange"/> is applied to the run in that same write.
    /// </summary>
    public void AcceptProgress(string agentId, ProgressBatch batch, Action<RunRecord>? alsoChange = null)
    {
        CheckProgress(agentId, batch);
        var write = new ProgressWrite(batch, alsoChange);
        Write([write]);
        write.Stored.Task.GetAwaiter().GetResult(); // completed by now; rethrows its failure as it was
    }

    /// <summary>
    /// As <see cref="AcceptProgress"/>, sharing a transaction with the batches that wait meanwhile; completes once
    /// the batch is stored and open pages were told. A refused batch throws before it waits.
    /// </summary>
    public Task AcceptProgressAsync(string agentId, ProgressBatch batch, Action<RunRecord>? alsoChange = null)
    {
        ProgressReportRules.Check(batch);
        // Whether the attempt is the agent's own is read inside the shared transaction, where the run is read anyway.
        var write = new ProgressWrite(batch, alsoChange) { AgentId = agentId };
        bool writes;
        lock (_waitingGate)
        {
            _waiting.Add(write);
            writes = !_writing;
            _writing = true;
        }

        if (writes)
        {
            WriteWaiting(); // this caller writes until nothing waits; the others only wait for their task
        }

        return write.Stored.Task;
    }

    private void CheckProgress(string agentId, ProgressBatch batch)
    {
        RequireCurrentAttempt(agentId, batch.RunId, batch.Attempt);
        ProgressReportRules.Check(batch);
    }

    private void WriteWaiting()
    {
        while (true)
        {
            List<ProgressWrite> group;
            lock (_waitingGate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }

                var count = CountThatFit(_waiting);
                group = count == _waiting.Count ? _waiting : _waiting[..count];
                _waiting = count == _waiting.Count ? [] : _waiting[count..];
            }

            Write(group);
        }
    }

    /// <summary>How many of the waiting batches, first come first, one commit takes: at least one.</summary>
    private static int CountThatFit(List<ProgressWrite> waiting)
    {
        var (count, reports) = (1, waiting[0].Batch.Reports.Count);
        while (count < waiting.Count && reports + waiting[count].Batch.Reports.Count <= MaxReportsPerCommit)
        {
            reports += waiting[count++].Batch.Reports.Count;
        }

        return count;
    }

    /// <summary>Stores the batches in one transaction and completes each one's task; never throws.</summary>
    private void Write(IReadOnlyList<ProgressWrite> group)
    {
        List<(IReadOnlyList<MetricPoint> Fresh, RunChange Change)?> stored;
        try
        {
            stored = database.Together(() => group.Select(StoreUnlessRefused).ToList());
        }
        catch (Exception failure)
        {
            if (group.Count == 1)
            {
                group[0].Stored.TrySetException(failure);
                return;
            }

            // Nothing of the group was stored. One batch's failure must stay its own: each is written again alone.
            foreach (var write in group)
            {
                Write([write]);
            }

            return;
        }

        for (var i = 0; i < group.Count; i++)
        {
            if (stored[i] is not var (fresh, change))
            {
                continue; // refused, and told so
            }

            try
            {
                Announce(change);
                live.PublishPoints(group[i].Batch.RunId, fresh);
                group[i].Stored.TrySetResult();
            }
            catch (Exception failure)
            {
                group[i].Stored.TrySetException(failure); // stored; a page's handler failed
            }
        }
    }

    /// <summary>
    /// Stores the batch unless it is not its agent's current attempt: then it is refused (its task fails) before it
    /// writes anything, and the transaction goes on for the others.
    /// </summary>
    private (IReadOnlyList<MetricPoint>, RunChange)? StoreUnlessRefused(ProgressWrite write)
    {
        try
        {
            if (write.AgentId is { } agentId)
            {
                RequireCurrentAttempt(agentId, write.Batch.RunId, write.Batch.Attempt);
            }
        }
        catch (AgentReportRejectedException refused)
        {
            write.Stored.TrySetException(refused);
            return null;
        }

        return Store(write);
    }

    /// <summary>The writing half of a batch, inside the caller's transaction.</summary>
    private (IReadOnlyList<MetricPoint>, RunChange) Store(ProgressWrite write)
    {
        var batch = write.Batch;
        var latest = batch.Reports.Where(r => r.Kind == ProgressKind.Train).MaxBy(r => r.Sequence);
        var fresh = metrics.Append(batch.RunId, batch.Attempt, batch.Reports);
        return (fresh, Record(batch.RunId, RunEvent.Progress, batch.Attempt, r =>
        {
            r.StartedAt ??= Now;
            if (latest is not null && latest.Step >= r.Step)
            {
                r.Step = latest.Step;
                r.TotalSteps = latest.TotalSteps;
                r.ExamplesPerSecond = latest.ExamplesPerSecond ?? r.ExamplesPerSecond;
                r.LastLoss = latest.Loss ?? r.LastLoss;
            }

            write.AlsoChange?.Invoke(r);
        }));
    }
}
