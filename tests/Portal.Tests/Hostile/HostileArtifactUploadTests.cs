using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Hostile;

/// <summary>
/// Hostile input catalogue, category 5 (docs/hostile-inputs.md): artifact uploads an agent should never send, through
/// the real <c>PUT /api/agent/runs/{id}/attempts/{n}/artifacts/{name}</c>. Each is refused with the status and a
/// reason, and the run keeps no file.
/// </summary>
public sealed class HostileArtifactUploadTests : IDisposable
{
    private const int UploadLimit = 16 * 1024;
    private const string Agent = "uploader";

    private readonly PortalFactory _portal = new(settings: new Dictionary<string, string> { ["Lab:MaxArtifactBytes"] = UploadLimit.ToString() });
    private readonly HttpClient _client;

    public HostileArtifactUploadTests() => _client = _portal.CreateClient();

    private ArtifactStore Artifacts => _portal.Services.GetRequiredService<ArtifactStore>();

    /// <summary>Names as they go into the URL (escaped, so the client does not resolve the dots itself).</summary>
    [Theory]
    [InlineData("..%2Fx")]
    [InlineData("..%2F..%2Flab.db")]
    [InlineData("adapter.zip%2F..")]
    [InlineData("%20")]
    [InlineData("Adapter.ZIP")]
    [InlineData("%3Cscript%3E.json")]
    public async Task A_bad_name_is_refused_with_400_naming_it_and_nothing_is_stored(string escapedName)
    {
        var (runId, attempt) = _portal.StartRunOn(Agent);

        var upload = await UploadAsync($"/api/agent/runs/{runId}/attempts/{attempt}/artifacts/{escapedName}", "x", PortalFactory.TestToken);

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains("is not an artifact name", await upload.Content.ReadAsStringAsync());
        Assert.Empty(Artifacts.List(runId));
    }

    [Fact]
    public async Task A_name_longer_than_sixty_four_characters_is_refused()
    {
        var (runId, attempt) = _portal.StartRunOn(Agent);

        var upload = await UploadAsync(ArtifactNames.UploadPath(runId, attempt, new string('a', 65) + ".tsv"), "x", PortalFactory.TestToken);

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Empty(Artifacts.List(runId));
    }

    /// <summary>An empty name, or a bare "..", which the client resolves away before it is sent: no upload route matches.</summary>
    [Theory]
    [InlineData("")]
    [InlineData("..")]
    public async Task An_empty_name_matches_no_upload_route_and_nothing_is_stored(string name)
    {
        var (runId, attempt) = _portal.StartRunOn(Agent);

        var upload = await UploadAsync($"/api/agent/runs/{runId}/attempts/{attempt}/artifacts/{name}", "x", PortalFactory.TestToken);

        Assert.False(upload.IsSuccessStatusCode, $"answered {upload.StatusCode}");
        Assert.Empty(Artifacts.List(runId));
    }

    [Fact]
    public async Task An_upload_for_an_earlier_attempt_is_refused_with_409_naming_the_current_attempt()
    {
        var (runId, attempt) = _portal.StartRunOn(Agent);

        var upload = await UploadAsync(ArtifactNames.UploadPath(runId, attempt + 1, ArtifactNames.Predictions), "index\tlabel\n", PortalFactory.TestToken);

        Assert.Equal(HttpStatusCode.Conflict, upload.StatusCode);
        Assert.Contains($"Run {runId} attempt {attempt + 1} is not assigned to agent '{Agent}' (current: attempt {attempt}", await upload.Content.ReadAsStringAsync());
        Assert.Empty(Artifacts.List(runId));
    }

    [Fact]
    public async Task An_upload_for_a_run_that_does_not_exist_is_refused_naming_the_run()
    {
        var upload = await UploadAsync(ArtifactNames.UploadPath(4242, 1, ArtifactNames.Predictions), "index\tlabel\n", PortalFactory.TestToken);

        Assert.Equal(HttpStatusCode.Conflict, upload.StatusCode);
        Assert.Contains("Run 4242 does not exist", await upload.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_upload_over_the_size_limit_is_refused_with_413_naming_the_setting_and_an_earlier_file_stays()
    {
        var (runId, attempt) = _portal.StartRunOn(Agent);
        (await UploadAsync(ArtifactNames.UploadPath(runId, attempt, ArtifactNames.Predictions), "index\tlabel\n0\t1\n", PortalFactory.TestToken)).EnsureSuccessStatusCode();

        var upload = await UploadAsync(ArtifactNames.UploadPath(runId, attempt, ArtifactNames.Predictions), new string('x', UploadLimit + 1), PortalFactory.TestToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, upload.StatusCode);
        Assert.Contains("Lab:MaxArtifactBytes", await upload.Content.ReadAsStringAsync());
        using var kept = new StreamReader(Artifacts.Open(runId, ArtifactNames.Predictions)!);
        Assert.Equal("index\tlabel\n0\t1\n", await kept.ReadToEndAsync());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-token")]
    public async Task An_upload_without_a_valid_agent_token_is_refused_with_401_and_nothing_is_stored(string? token)
    {
        var (runId, attempt) = _portal.StartRunOn(Agent);

        var upload = await UploadAsync(ArtifactNames.UploadPath(runId, attempt, ArtifactNames.Predictions), "index\tlabel\n", token);

        Assert.Equal(HttpStatusCode.Unauthorized, upload.StatusCode);
        Assert.Empty(Artifacts.List(runId));
    }

    private Task<HttpResponseMessage> UploadAsync(string path, string content, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"{path}?agentId={Agent}") { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(content)) };
        // Every request names its own credentials: the factory's client would add the admin's API token.
        request.Headers.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return _client.SendAsync(request);
    }

    public void Dispose()
    {
        _client.Dispose();
        _portal.Dispose();
    }
}
