namespace LabPortal.Agent.Data.Glue;

/// <summary>GET into a file, with failures that name the address (HttpClient's own messages do not).</summary>
public static class HttpDownload
{
    public static async Task ToFileAsync(HttpClient http, Uri uri, PartFile file, CancellationToken cancellationToken)
    {
        using var response = await GetAsync(http, uri, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {uri} answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        await using var stream = file.Create();
        try
        {
            await response.Content.CopyToAsync(stream, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or HttpIOException)
        {
            throw new HttpRequestException($"GET {uri} broke off: {exception.Message}", exception);
        }
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient http, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            return await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new HttpRequestException($"GET {uri} failed: {exception.Message}", exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new HttpRequestException($"GET {uri} timed out after {http.Timeout.TotalSeconds:F0} s.", exception);
        }
    }
}
