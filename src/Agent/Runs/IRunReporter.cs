using LabPortal.Shared.Hubs;

namespace LabPortal.Agent.Runs;

/// <summary>Where a run's outcome goes (the portal's hub in the agent; a recorder in tests).</summary>
public interface IRunReporter
{
    Task ReportProgressAsync(ProgressBatch batch);

    /// <summary>Sends lines the agent printed for the attempt (best effort: a lost line is no lost result).</summary>
    Task ReportLogAsync(RunLog log);

    Task CompleteRunAsync(RunCompletion completion);

    Task FailRunAsync(RunFailure failure);

    /// <summary>Stores one file of the attempt on the portal (sent before the completion).</summary>
    Task UploadArtifactAsync(int runId, int attempt, string name, Stream content);

    /// <summary>Fetches one of the run's files from the portal into <paramref name="path"/>; false when it has none.</summary>
    Task<bool> DownloadArtifactAsync(int runId, string name, string path);
}
