using System.Net.Http.Headers;
using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Connection;

/// <summary>PUTs a run's files to the portal with the agent's token (the hub carries progress; files go over plain HTTP).</summary>
public sealed class ArtifactUploader(Uri portal, string token, string agentId) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = portal, Timeout = TimeSpan.FromMinutes(5) };

    public async Task UploadAsync(int runId, int attempt, string name, Stream content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, ArtifactNames.UploadPath(runId, attempt, name) + $"?agentId={Uri.EscapeDataString(agentId)}")
        {
            Content = new StreamContent(content),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var reason = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new HttpRequestException($"The portal refused {name} ({(int)response.StatusCode}): {reason}");
        }
    }

    public void Dispose() => _http.Dispose();
}
