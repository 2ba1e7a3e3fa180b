using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Apis;

public sealed class AgentApiTests : IDisposable
{
    private readonly PortalFactory _portal = new();
    private readonly HttpClient _client;

    public AgentApiTests() => _client = _portal.CreateClient();

    /// <summary>An agent record as the hub leaves it (online with a connection id, or offline).</summary>
    private void AddAgent(string id, bool online) =>
        _portal.Services.GetRequiredService<AgentStore>().Upsert(id, DateTime.UtcNow, a =>
        {
            a.ConnectionId = online ? $"connection-{id}" : null;
            a.LastSeen = DateTime.UtcNow;
        });

    private async Task<JsonElement> AgentAsync(string id) =>
        (await _client.GetJsonAsync("/api/agents")).EnumerateArray().Single(a => a.GetProperty("id").GetString() == id);

    [Fact]
    public async Task Draining_and_undraining_an_agent_is_stored_and_shown()
    {
        AddAgent("box", online: true);

        var drained = await _client.PostAsync("/api/agents/box/drain", null);

        Assert.Equal(HttpStatusCode.OK, drained.StatusCode);
        Assert.True((await drained.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("draining").GetBoolean());
        Assert.True((await AgentAsync("box")).GetProperty("draining").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await _client.PostAsync("/api/agents/box/undrain", null)).StatusCode);
        Assert.False((await AgentAsync("box")).GetProperty("draining").GetBoolean());
    }

    [Fact]
    public async Task A_member_may_not_drain_or_remove_agents()
    {
        AddAgent("box", online: false);
        using var member = _portal.CreateClientAs("mo", UserRoles.Member);

        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsync("/api/agents/box/drain", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync("/api/agents/box")).StatusCode);
        Assert.NotNull(_portal.Services.GetRequiredService<AgentStore>().Get("box"));
    }

    [Fact]
    public async Task Removing_an_online_agent_answers_409_and_keeps_it()
    {
        AddAgent("busy-box", online: true);

        var response = await _client.DeleteAsync("/api/agents/busy-box");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("only an offline agent can be removed", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal("busy-box", (await AgentAsync("busy-box")).GetProperty("id").GetString());
    }

    [Fact]
    public async Task Removing_an_offline_agent_answers_204_and_it_is_gone()
    {
        AddAgent("old-box", online: false);

        var response = await _client.DeleteAsync("/api/agents/old-box");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.DoesNotContain((await _client.GetJsonAsync("/api/agents")).EnumerateArray(), a => a.GetProperty("id").GetString() == "old-box");
    }

    [Fact]
    public async Task Actions_on_an_unknown_agent_answer_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/agents/nobody/drain", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/agents/nobody/undrain", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync("/api/agents/nobody")).StatusCode);
    }

    public void Dispose()
    {
        _client.Dispose();
        _portal.Dispose();
    }
}
