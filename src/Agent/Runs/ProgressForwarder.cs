using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Runs;

/// <summary>
/// Numbers an attempt's progress reports 1, 2, 3, … and sends them in batches: at most every
/// <c>maxDelay</c> or when <c>maxBatch</c> reports are waiting; an evaluation report goes out at once.
/// Sends happen one at a time on a background loop, so batches arrive in order and training never waits.
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
    private long _sequence;

    public ProgressForwarder(Func<IReadOnlyList<ProgressReport>, Task> send, TimeSpan? maxDelay = null, int maxBatch = 20)
    {
        _send = send;
        _maxDelay = maxDelay ?? TimeSpan.FromSeconds(0.5);
        _maxBatch = maxBatch;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Raised when a batch could not be sent (the batch is dropped; the portal stores what arrives).</summary>
    public event Action<Exception>? SendFailed;

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
        await SendPendingAsync();
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

    /// <summary>Sends everything waiting, in batches of at most maxBatch (reports may pile up while a send is slow).</summary>
    private async Task SendPendingAsync()
    {
        List<ProgressReport> waiting;
        lock (_lock)
        {
            (waiting, _pending) = (_pending, []);
        }

        foreach (var batch in waiting.Chunk(_maxBatch))
        {
            try
            {
                await _send(batch);
            }
            catch (Exception exception)
            {
                SendFailed?.Invoke(exception);
            }
        }
    }
}
