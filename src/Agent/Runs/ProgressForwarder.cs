using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Runs;

/// <summary>
/// Numbers an attempt's progress reports 1, 2, 3, … and sends them in batches: at most every
/// <c>maxDelay</c> or when <c>maxBatch</c> reports are waiting; an evaluation report goes out at once.
/// Sends happen one at a time on a background loop, so batches arrive in order and training never waits.
/// A batch that cannot be sent (the portal is unreachable) is kept and sent again, in order, once it can be;
/// the portal stores each sequence number once, so a batch that did arrive before its send failed is harmless.
/// </summary>
public sealed class ProgressForwarder : IProgress<ProgressReport>, IAsyncDisposable
{
    private readonly Func<IReadOnlyList<ProgressReport>, Task> _send;
    private readonly TimeSpan _maxDelay;
    private readonly int _maxBatch;
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _flushNow = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private List<ProgressReport> _pending = [];
    private List<ProgressReport> _unsent = [];
    private bool _failing;
    private long _sequence;

    public ProgressForwarder(Func<IReadOnlyList<ProgressReport>, Task> send, TimeSpan? maxDelay = null, int maxBatch = 20)
    {
        _send = send;
        _maxDelay = maxDelay ?? TimeSpan.FromSeconds(0.5);
        _maxBatch = maxBatch;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>At most this many reports wait for a portal that cannot be reached; beyond it the oldest training reports go.</summary>
    public const int MaxUnsent = 100_000;

    /// <summary>How long disposing keeps trying to deliver what is left before giving up.</summary>
    public TimeSpan FinalDeliveryTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Raised on the first failed send of an outage (the reports are kept and sent again).</summary>
    public event Action<Exception>? SendFailed;

    /// <summary>Raised when reports are dropped because <see cref="MaxUnsent"/> were waiting.</summary>
    public event Action<int>? Dropped;

    public void Report(ProgressReport value)
    {
        bool flush;
        lock (_lock)
        {
            _pending.Add(value with { Sequence = ++_sequence });
            flush = value.Kind == ProgressKind.Eval || _pending.Count >= _maxBatch;
        }

        if (flush)
        {
            _flushNow.Release();
        }
    }

    /// <summary>Sends whatever is still waiting and stops the loop.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        var deadline = DateTime.UtcNow + FinalDeliveryTimeout;
        while (!await SendPendingAsync() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(_maxDelay);
        }

        _stop.Dispose();
        _flushNow.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await _flushNow.WaitAsync(_maxDelay, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await SendPendingAsync();
        }
    }

    /// <summary>
    /// Sends what failed before, then everything waiting, in batches of at most maxBatch; stops at the first
    /// failure and keeps the rest for the next round. True when nothing is left unsent.
    /// </summary>
    private async Task<bool> SendPendingAsync()
    {
        List<ProgressReport> waiting;
        lock (_lock)
        {
            waiting = [.. _unsent, .. _pending];
            _unsent = [];
            _pending = [];
        }

        var sent = 0;
        foreach (var batch in waiting.Chunk(_maxBatch))
        {
            try
            {
                await _send(batch);
                sent += batch.Length;
                _failing = false;
            }
            catch (Exception exception)
            {
                if (!_failing)
                {
                    SendFailed?.Invoke(exception);
                }

                _failing = true;
                KeepUnsent(waiting.GetRange(sent, waiting.Count - sent));
                return false;
            }
        }

        return true;
    }

    private void KeepUnsent(List<ProgressReport> unsent)
    {
        var excess = unsent.Count - MaxUnsent;
        if (excess > 0)
        {
            // Evaluations are few and matter most: the oldest training reports go first.
            var dropped = 0;
            unsent = unsent.Where(r => r.Kind == ProgressKind.Eval || dropped++ >= excess).ToList();
            Dropped?.Invoke(Math.Min(dropped, excess));
        }

        lock (_lock)
        {
            _unsent = unsent;
        }
    }
}
