using System.Collections.Concurrent;
using LabPortal.Agent.Runs;
using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Tests.Runs;

public sealed class ProgressForwarderTests
{
    [Fact]
    public async Task Reports_are_numbered_from_one_and_sent_in_batches_of_at_most_twenty()
    {
        var batches = new ConcurrentQueue<IReadOnlyList<ProgressReport>>();
        await using (var forwarder = new ProgressForwarder(batch => { batches.Enqueue(batch); return Task.CompletedTask; }, TimeSpan.FromSeconds(30)))
        {
            for (var step = 1; step <= 45; step++)
            {
                forwarder.Report(new ProgressReport { Kind = ProgressKind.Train, Step = step });
            }
        }

        var all = batches.SelectMany(b => b).ToList();
        Assert.Equal(Enumerable.Range(1, 45).Select(i => (long)i), all.Select(r => r.Sequence));
        Assert.Equal(Enumerable.Range(1, 45), all.Select(r => r.Step));
        Assert.All(batches, b => Assert.InRange(b.Count, 1, 20));
    }

    [Fact]
    public async Task An_evaluation_report_is_sent_at_once()
    {
        var sent = new TaskCompletionSource<IReadOnlyList<ProgressReport>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var forwarder = new ProgressForwarder(batch => { sent.TrySetResult(batch); return Task.CompletedTask; }, TimeSpan.FromSeconds(30));

        forwarder.Report(new ProgressReport { Kind = ProgressKind.Train, Step = 5 });
        forwarder.Report(new ProgressReport { Kind = ProgressKind.Eval, Step = 5 });
        var batch = await sent.Task.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal([ProgressKind.Train, ProgressKind.Eval], batch.Select(r => r.Kind));
    }

    [Fact]
    public async Task A_lone_report_goes_out_after_the_delay()
    {
        var sent = new TaskCompletionSource<IReadOnlyList<ProgressReport>>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var forwarder = new ProgressForwarder(batch => { sent.TrySetResult(batch); return Task.CompletedTask; }, TimeSpan.FromMilliseconds(100));

        forwarder.Report(new ProgressReport { Kind = ProgressKind.Train, Step = 1 });

        var batch = await sent.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, Assert.Single(batch).Sequence);
    }

    [Fact]
    public async Task Reports_that_could_not_be_sent_are_kept_and_delivered_once_in_order_when_the_portal_is_back()
    {
        var delivered = new ConcurrentQueue<ProgressReport>();
        var failuresLeft = 5;
        var outages = 0;
        await using (var forwarder = new ProgressForwarder(batch =>
        {
            if (Interlocked.Decrement(ref failuresLeft) >= 0)
            {
                throw new IOException("portal unreachable");
            }

            foreach (var report in batch)
            {
                delivered.Enqueue(report);
            }

            return Task.CompletedTask;
        }, TimeSpan.FromMilliseconds(20)))
        {
            forwarder.SendFailed += _ => Interlocked.Increment(ref outages);
            for (var step = 1; step <= 60; step++)
            {
                forwarder.Report(new ProgressReport { Kind = ProgressKind.Train, Step = step });
                await Task.Delay(2);
            }
        }

        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), delivered.Select(r => r.Sequence));
        Assert.Equal(1, outages);
    }

    [Fact]
    public async Task Disposing_gives_up_on_an_unreachable_portal_after_the_final_delivery_timeout()
    {
        var forwarder = new ProgressForwarder(_ => throw new IOException("portal unreachable"), TimeSpan.FromMilliseconds(20))
        {
            FinalDeliveryTimeout = TimeSpan.FromMilliseconds(200),
        };
        forwarder.Report(new ProgressReport { Kind = ProgressKind.Train, Step = 1 });

        await forwarder.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }
}
