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
        var previous = new byte[300_000];
        new Random(3).NextBytes(previous);
        _lab.Artifacts.Save(7, "checkpoint.zip", new MemoryStream(previous));

        Assert.Throws<IOException>(() => _lab.Artifacts.Save(7, "checkpoint.zip", new BreaksAfter(200_000)));

        using var stored = _lab.Artifacts.Open(7, "checkpoint.zip")!;
        using var copy = new MemoryStream();
        stored.CopyTo(copy);
        Assert.Equal(previous, copy.ToArray());
    }

    [Fact]
    public void A_succeeded_run_keeps_its_files_but_not_its_resume_checkpoint()
    {
        var (runId, attempt, agent) = _lab.StartRun();
        _lab.Lifecycle.AcceptArtifact(agent, runId, attempt, ArtifactNames.Checkpoint, new MemoryStream([1, 2, 3]));
        _lab.Lifecycle.AcceptArtifact(agent, runId, attempt, "predictions.tsv", new MemoryStream([4, 5]));

        _lab.Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runId, Attempt = attempt, Steps = 4, Evaluation = new ConfusionCounts(1, 1, 1, 1) });

        Assert.False(_lab.Artifacts.Exists(runId, ArtifactNames.Checkpoint));
        Assert.True(_lab.Artifacts.Exists(runId, "predictions.tsv"));
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
