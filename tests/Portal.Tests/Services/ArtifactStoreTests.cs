using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Services;

public sealed class ArtifactStoreTests : IDisposable
{
    private readonly TestLab _lab = new();

    [Fact]
    public void A_replacement_that_breaks_half_way_leaves_the_previous_file_whole()
    {
        var (runId, attempt, _) = _lab.StartRun();
        var previous = new byte[300_000];
        new Random(3).NextBytes(previous);
        _lab.Artifacts.Save(runId, attempt, ArtifactNames.Checkpoint, new MemoryStream(previous));

        Assert.Throws<IOException>(() => _lab.Artifacts.Save(runId, attempt, ArtifactNames.Checkpoint, new BreaksAfter(200_000)));

        Assert.Equal(previous, Read(runId, ArtifactNames.Checkpoint));
    }

    [Fact]
    public void A_succeeded_run_keeps_its_files_but_not_its_resume_checkpoint()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Lifecycle.AcceptArtifact(agent, runId, attempt, ArtifactNames.Checkpoint, new MemoryStream([1, 2, 3]));
        _lab.Lifecycle.AcceptArtifact(agent, runId, attempt, "predictions.tsv", new MemoryStream([4, 5]));

        Complete(runId, attempt, agent);

        Assert.False(_lab.Artifacts.Exists(runId, ArtifactNames.Checkpoint));
        Assert.True(_lab.Artifacts.Exists(runId, "predictions.tsv"));
    }

    [Fact]
    public void A_lost_attempt_that_uploads_late_cannot_overwrite_the_files_of_the_attempt_that_replaced_it()
    {
        var (runId, first, agent) = _lab.StartRun();
        _lab.Lifecycle.ReturnToQueue(runId, first, "lease expired");
        var second = _lab.Lifecycle.TryAssign(runId, agent)!.Attempt;
        _lab.Lifecycle.AcceptArtifact(agent, runId, second, ArtifactNames.Predictions, new MemoryStream([2]));

        // The first attempt's upload was checked while it still held the run, and is stored after it lost it.
        _lab.Artifacts.Save(runId, first, ArtifactNames.Predictions, new MemoryStream([1]));
        Complete(runId, second, agent);

        Assert.Equal([2], Read(runId, ArtifactNames.Predictions));
        Assert.Single(_lab.Artifacts.List(runId));
    }

    [Fact]
    public void A_requeued_run_shows_none_of_the_previous_attempts_files_and_prunes_them_when_it_finishes()
    {
        var (runId, first, agent) = _lab.StartRun();
        _lab.Lifecycle.AcceptArtifact(agent, runId, first, ArtifactNames.Adapter, new MemoryStream([1]));
        Complete(runId, first, agent);
        _lab.Control.Requeue(runId);
        var second = _lab.Lifecycle.TryAssign(runId, agent)!.Attempt;

        Assert.Empty(_lab.Artifacts.List(runId));
        Assert.Null(_lab.Artifacts.Open(runId, ArtifactNames.Adapter));

        _lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, second, "out of memory"));
        Assert.Empty(_lab.Database.Files.FindAll());
    }

    [Fact]
    public void An_attempt_after_lost_ones_resumes_from_the_newest_checkpoint_any_of_them_left()
    {
        var (runId, first, agent) = _lab.StartRun();
        _lab.Lifecycle.AcceptArtifact(agent, runId, first, ArtifactNames.Checkpoint, new MemoryStream([1]));
        _lab.Lifecycle.ReturnToQueue(runId, first, "lease expired");
        var second = _lab.Lifecycle.TryAssign(runId, agent)!;
        Assert.True(second.ResumeFromCheckpoint);
        _lab.Lifecycle.AcceptArtifact(agent, runId, second.Attempt, ArtifactNames.Checkpoint, new MemoryStream([2]));
        _lab.Lifecycle.ReturnToQueue(runId, second.Attempt, "lease expired");
        var third = _lab.Lifecycle.TryAssign(runId, agent)!;
        Assert.Equal([2], Read(runId, ArtifactNames.Checkpoint));
        _lab.Lifecycle.ReturnToQueue(runId, third.Attempt, "agent restarted"); // before it wrote a checkpoint

        Assert.True(_lab.Lifecycle.TryAssign(runId, agent)!.ResumeFromCheckpoint);
        Assert.Equal([2], Read(runId, ArtifactNames.Checkpoint));
    }

    [Fact]
    public void Files_stored_before_ids_carried_the_attempt_become_the_current_attempts()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Database.Files.Upload($"run/{runId}/{ArtifactNames.Predictions}", ArtifactNames.Predictions, new MemoryStream([7, 7]));

        Assert.Equal(1, _lab.Artifacts.AdoptUnversionedFiles());

        Assert.Equal([7, 7], Read(runId, ArtifactNames.Predictions));
        Assert.Equal($"run/{runId}/{attempt}/{ArtifactNames.Predictions}", _lab.Database.Files.FindAll().Single().Id);
        Assert.Equal(0, _lab.Artifacts.AdoptUnversionedFiles());
    }

    private void Complete(int runId, int attempt, string agent) => _lab.Lifecycle.Complete(agent, new RunCompletion
    {
        AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 4, Evaluation = new ConfusionCounts(1, 1, 1, 1) },
    });

    private byte[] Read(int runId, string name)
    {
        using var stored = _lab.Artifacts.Open(runId, name)!;
        using var copy = new MemoryStream();
        stored.CopyTo(copy);
        return copy.ToArray();
    }

    public void Dispose() => _lab.Dispose();

    /// <summary>An upload whose connection drops: some bytes, then an I/O error.</summary>
    private sealed class BreaksAfter(int bytes) : Stream
    {
        private int _sent;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_sent >= bytes)
            {
                throw new IOException("the connection was reset");
            }

            var n = Math.Min(count, bytes - _sent);
            Array.Fill(buffer, (byte)0xAB, offset, n);
            _sent += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _sent; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
