using LabPortal.Agent.Runs;
using LabPortal.Shared.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace LabPortal.Agent.Connection;

/// <summary>
/// Sends run outcomes to the portal's hub. Final outcomes wait for a reconnect, or for the portal to get over a failure
/// it calls retryable, rather than get lost.
/// </summary>
public sealed class HubRunReporter(
    HubConnection connection, RegistrationGate gate, ArtifactUploader uploader, ArtifactDownloader downloader, CancellationToken stopping) : IRunReporter
{
    private static readonly TimeSpan FinalOutcomeRetryDelay = TimeSpan.FromSeconds(2);
    private const int FinalOutcomeAttempts = 150; // about five minutes

    public Task ReportProgressAsync(ProgressBatch batch)
    {
        gate.ThrowIfNotRegistered();
        return connection.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), batch, stopping);
    }

    public Task ReportLogAsync(RunLog log) =>
        connection.InvokeAsync(nameof(IAgentHub.ReportLogAsync), log, stopping);

    public Task CompleteRunAsync(RunCompletion completion) =>
        WithRetriesAsync(() => connection.InvokeAsync(nameof(IAgentHub.CompleteRunAsync), completion, stopping));

    public Task FailRunAsync(RunFailure failure) =>
        WithRetriesAsync(() => connection.InvokeAsync(nameof(IAgentHub.FailRunAsync), failure, stopping));

    public Task UploadArtifactAsync(int runId, int attempt, string name, Stream content) =>
        uploader.UploadAsync(runId, attempt, name, content, stopping);

    public Task<bool> DownloadArtifactAsync(int runId, string name, string path) =>
        downloader.DownloadAsync(runId, name, path, stopping);

    private async Task WithRetriesAsync(Func<Task> send)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                gate.ThrowIfNotRegistered();
                await send();
                return;
            }
            catch (Exception exception) when ((connection.State != HubConnectionState.Connected || !gate.IsRegistered || HubErrors.IsRetryable(exception))
                                              && attempt < FinalOutcomeAttempts && !stopping.IsCancellationRequested)
            {
                if (HubErrors.AsksToRegisterAgain(exception))
                {
                    gate.ConnectionLost(); // the worker registers again within a heartbeat; this waits for it
                }

                await Task.Delay(FinalOutcomeRetryDelay, stopping);
            }
        }
    }
}
