using LabPortal.Agent.Runs;
using LabPortal.Shared.Hubs;

namespace LabPortal.Agent.Tests.Runs;

/// <summary>Stands in for the portal's hub and remembers what the executor sent.</summary>
internal sealed class RecordingReporter : IRunReporter
{
    private readonly Lock _lock = new();

    public List<ProgressBatch> Batches { get; } = [];

    public List<RunCompletion> Completions { get; } = [];

    public List<RunFailure> Failures { get; } = [];

    public Dictionary<string, byte[]> Artifacts { get; } = [];

    public List<RunLog> Logs { get; } = [];

    /// <summary>While true, downloads fail as they do when the portal cannot be reached.</summary>
    public bool PortalUnreachable { get; set; }

    public Task ReportLogAsync(RunLog log)
    {
        lock (_lock)
        {
            Logs.Add(log);
        }

        return Task.CompletedTask;
    }

    public Task UploadArtifactAsync(int runId, int attempt, string name, Stream content)
    {
        using var copy = new MemoryStream();
        content.CopyTo(copy);
        lock (_lock)
        {
            Artifacts[name] = copy.ToArray();
        }

        return Task.CompletedTask;
    }

    /// <summary>Serves a run's file from <see cref="Artifacts"/>, as the portal would hand back what it stored.</summary>
    public async Task<bool> DownloadArtifactAsync(int runId, string name, string path)
    {
        if (PortalUnreachable)
        {
            throw new HttpRequestException("Connection refused (portal:5000)");
        }

        byte[]? content;
        lock (_lock)
        {
            content = Artifacts.GetValueOrDefault(name);
        }

        if (content is null)
        {
            return false;
        }

        await File.WriteAllBytesAsync(path, content);
        return true;
    }

    public Task ReportProgressAsync(ProgressBatch batch)
    {
        lock (_lock)
        {
            Batches.Add(batch);
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs when a completion arrives, to hold the executor at that point in a test.</summary>
    public Func<RunCompletion, Task>? OnComplete { get; set; }

    public Task CompleteRunAsync(RunCompletion completion)
    {
        lock (_lock)
        {
            Completions.Add(completion);
        }

        return OnComplete?.Invoke(completion) ?? Task.CompletedTask;
    }

    public Task FailRunAsync(RunFailure failure)
    {
        lock (_lock)
        {
            Failures.Add(failure);
        }

        return Task.CompletedTask;
    }
}
