using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using LabPortal.Portal.Services;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Apis;

public sealed class ArtifactApiTests : IDisposable
{
    private const int UploadLimit = 64 * 1024;

    private readonly PortalFactory _portal = new(settings: new Dictionary<string, string> { ["Lab:MaxArtifactBytes"] = UploadLimit.ToString() });
    private readonly HttpClient _client;

    public ArtifactApiTests() => _client = _portal.CreateClient();

    [Fact]
    public async Task An_agent_uploads_a_file_of_its_attempt_and_anyone_can_list_and_download_it()
    {
        var (runId, attempt) = _portal.StartRunOn("agent-7");

        var upload = await Upload(runId, attempt, "predictions.tsv", "index\tlabel\n0\t1\n", "agent-7", PortalFactory.TestToken);

        Assert.Equal(HttpStatusCode.NoContent, upload.StatusCode);
        var listed = await _client.GetFromJsonAsync<List<ArtifactInfo>>($"/api/runs/{runId}/artifacts", LabJson.Options);
        Assert.Equal(("predictions.tsv", 16L), (listed![0].Name, listed[0].Length));
        Assert.Equal("index\tlabel\n0\t1\n", await _client.GetStringAsync($"/api/runs/{runId}/artifacts/predictions.tsv"));
    }

    [Fact]
    public async Task An_upload_without_the_agent_token_is_refused()
    {
        var (runId, attempt) = _portal.StartRunOn("agent-7");

        var upload = await Upload(runId, attempt, "metrics.json", "{}", "agent-7", token: null);

        Assert.Equal(HttpStatusCode.Unauthorized, upload.StatusCode);
        Assert.Empty(_portal.Services.GetRequiredService<ArtifactStore>().List(runId));
    }

    [Fact]
    public async Task An_upload_for_a_run_another_agent_holds_is_refused_with_the_reason()
    {
        var (runId, attempt) = _portal.StartRunOn("agent-7");

        var upload = await Upload(runId, attempt, "metrics.json", "{}", "agent-8", PortalFactory.TestToken);

        Assert.Equal(HttpStatusCode.Conflict, upload.StatusCode);
        Assert.Contains("not assigned to agent 'agent-8'", await upload.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_name_outside_the_artifact_rule_is_refused()
    {
        var (runId, attempt) = _portal.StartRunOn("agent-7");

        var upload = await Upload(runId, attempt, "Adapter.ZIP", "x", "agent-7", PortalFactory.TestToken);

        Assert.Equal(HttpStatusCode.BadRequest, upload.StatusCode);
        Assert.Contains("is not an artifact name", await upload.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_file_the_run_does_not_have_answers_404()
    {
        var (runId, _) = _portal.StartRunOn("agent-7");

        var response = await _client.GetAsync($"/api/runs/{runId}/artifacts/adapter.zip");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_upload_larger_than_the_limit_is_refused_with_413_naming_the_setting_and_nothing_is_stored()
    {
        var (runId, attempt) = _portal.StartRunOn("agent-7");

        var upload = await Upload(runId, attempt, "predictions.tsv", new string('x', UploadLimit + 1), "agent-7", PortalFactory.TestToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, upload.StatusCode);
        Assert.Contains("Lab:MaxArtifactBytes", await upload.Content.ReadAsStringAsync());
        Assert.Empty(_portal.Services.GetRequiredService<ArtifactStore>().List(runId));
    }

    [Fact]
    public async Task A_token_bound_to_another_agent_cannot_upload_for_this_one()
    {
        var (runId, attempt) = _portal.StartRunOn("agent-7");
        var (_, token) = _portal.Services.GetRequiredService<AgentTokens>().Issue("agent-9", "agent-9", "admin");

        var upload = await Upload(runId, attempt, "predictions.tsv", "index\tlabel\n", "agent-7", token);

        Assert.Equal(HttpStatusCode.Forbidden, upload.StatusCode);
        Assert.Empty(_portal.Services.GetRequiredService<ArtifactStore>().List(runId));
    }

    private Task<HttpResponseMessage> Upload(int runId, int attempt, string name, string content, string agentId, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, ArtifactNames.UploadPath(runId, attempt, name) + $"?agentId={agentId}")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(content)),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return _client.SendAsync(request);
    }

    public void Dispose()
    {
        _client.Dispose();
        _portal.Dispose();
    }
}
