using System.Net;
using System.Net.Http.Headers;

namespace LabPortal.Agent.Connection;

/// <summary>GETs a finished run's files from the portal's artifact API, with the agent's token.</summary>
public sealed class ArtifactDownloader(Uri portal, string token) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = portal, Timeout = TimeSpan.FromMinutes(5) };

    /// <summary>Writes the file to <paramref name="path"/>; false when the run has no such file.</summary>
    public async Task<bool> DownloadAsync(int runId, string name, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/runs/{runId}/artifacts/{Uri.EscapeDataString(name)}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The portal refused {name} of run {runId} ({(int)response.StatusCode}).");
        }

        await using var file = File.Create(path);
        await response.Content.CopyToAsync(file, cancellationToken);
        return true;
    }

    public void Dispose() => _http.Dispose();
}
