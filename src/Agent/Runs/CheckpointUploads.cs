using System.IO.Compression;

namespace LabPortal.Agent.Runs;

/// <summary>
/// Sends a run's checkpoints to the portal in the background, newest only: training never waits for an upload,
/// and a checkpoint that is superseded before its turn is skipped. A failed upload is only logged (the next one
/// replaces it).
/// </summary>
public sealed class CheckpointUploads(Func<Stream, Task> upload, Action<Exception> failed)
{
    private readonly Lock _lock = new();
    private byte[]? _latest;
    private bool _sending;
    private Task _loop = Task.CompletedTask;

    /// <summary>Packs the checkpoint folder as it is now (the trainer changes it at the next checkpoint) and queues it.</summary>
    public void Offer(string folder)
    {
        using var zip = new MemoryStream();
        ZipFile.CreateFromDirectory(folder, zip, CompressionLevel.Fastest, includeBaseDirectory: false);
        lock (_lock)
        {
            _latest = zip.ToArray();
            if (!_sending)
            {
                _sending = true;
                _loop = Task.Run(SendAsync);
            }
        }
    }

    /// <summary>Completes when what was offered has been sent (or failed).</summary>
    public Task DrainAsync()
    {
        lock (_lock)
        {
            return _loop;
        }
    }

    private async Task SendAsync()
    {
        while (true)
        {
            byte[] next;
            lock (_lock)
            {
                if (_latest is null)
                {
                    _sending = false;
                    return;
                }

                (next, _latest) = (_latest, null);
            }

            try
            {
                await upload(new MemoryStream(next, writable: false));
            }
            catch (Exception exception)
            {
                failed(exception);
            }
        }
    }
}
