using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Hubs;

/// <summary>Agent tokens issued in the portal: who may connect, as whom, how often and how much.</summary>
public sealed class AgentTokenTests : IAsyncDisposable
{
    private readonly PortalFactory _portal = new();

    private AgentTokens Tokens => _portal.Services.GetRequiredService<AgentTokens>();

    private static AgentRegistration Registration(string agentId) => new() { AgentId = agentId, Machine = "test" };

    [Fact]
    public async Task An_issued_token_connects_and_after_revocation_its_open_connection_is_closed_and_new_ones_refused()
    {
        var (record, token) = Tokens.Issue("box-1", agentId: null, createdBy: "admin");
        await using var agent = TestAgentConnection.Create(_portal, token);
        await agent.StartAsync();
        await agent.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), Registration("box-1"));
        var closed = new TaskCompletionSource();
        agent.Closed += _ => Task.Run(closed.SetResult);

        Assert.True(Tokens.Revoke(record.Id));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await using var again = TestAgentConnection.Create(_portal, token);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => again.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task A_token_bound_to_one_agent_id_cannot_register_as_another_agent()
    {
        var (_, token) = Tokens.Issue("box-2", agentId: "box-2", createdBy: "admin");
        await using var agent = TestAgentConnection.Create(_portal, token);
        await agent.StartAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), Registration("box-3")));

        Assert.Contains("belongs to agent 'box-2'; it cannot register as 'box-3'", refused.Message);
        Assert.Null(_portal.Services.GetRequiredService<Storage.AgentStore>().Get("box-3"));
        await agent.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), Registration("box-2"));
    }

    [Fact]
    public async Task A_second_connection_cannot_take_an_agent_id_that_an_open_connection_holds_but_may_once_it_closed()
    {
        var first = TestAgentConnection.Create(_portal, PortalFactory.TestToken);
        await first.StartAsync();
        await first.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), Registration("box-5"));
        var firstConnection = _portal.Services.GetRequiredService<Storage.AgentStore>().Get("box-5")!.ConnectionId;
        await using var impostor = TestAgentConnection.Create(_portal, PortalFactory.TestToken);
        await impostor.StartAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            impostor.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), Registration("box-5")));

        Assert.Contains("Agent id 'box-5' is in use by another open connection", refused.Message);
        Assert.Equal(firstConnection, _portal.Services.GetRequiredService<Storage.AgentStore>().Get("box-5")!.ConnectionId);

        await first.DisposeAsync(); // the first agent goes away: its id is free again
        await PortalFactoryExtensions.WaitForAsync(async () =>
        {
            try
            {
                await impostor.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), Registration("box-5"));
                return true;
            }
            catch (HubException)
            {
                return false;
            }
        }, registered => registered, TimeSpan.FromSeconds(60), "the freed id to be accepted");
    }

    [Fact]
    public async Task A_token_bound_to_an_agent_id_in_the_configuration_registers_as_that_agent_only_and_an_unused_empty_one_lets_nothing_in()
    {
        const string gpu0Token = "0123456789abcdef0123456789abcdef";
        await using var portal = new PortalFactory(settings: new Dictionary<string, string>
        {
            ["Lab:AgentTokens:host-gpu0"] = gpu0Token,
            ["Lab:AgentTokens:host-gpu1"] = "",
        });
        await using var agent = TestAgentConnection.Create(portal, gpu0Token);
        await agent.StartAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), Registration("host-gpu1")));
        await agent.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), Registration("host-gpu0"));

        Assert.Contains("belongs to agent 'host-gpu0'; it cannot register as 'host-gpu1'", refused.Message);
        var tokens = portal.Services.GetRequiredService<AgentTokens>();
        Assert.Equal("host-gpu0", tokens.Authenticate(gpu0Token)?.BoundAgentId);
        Assert.Null(tokens.Authenticate(""));
    }

    [Fact]
    public void A_short_token_in_the_configuration_stops_the_portal_at_start_naming_the_setting()
    {
        using var portal = new PortalFactory(settings: new Dictionary<string, string> { ["Lab:AgentTokens:host-gpu0"] = "secret" });

        var refused = Assert.Throws<InvalidOperationException>(() => portal.Services);

        Assert.Contains("Lab:AgentTokens:host-gpu0 is shorter than 24 characters", refused.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-a-token")]
    [InlineData("lpa_0000000000000000000000000000000000000000000000000000000000000000")]
    public async Task A_connection_without_a_valid_token_is_refused(string? token)
    {
        await using var agent = TestAgentConnection.Create(_portal, token);

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => agent.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public void The_database_keeps_only_the_hash_of_an_issued_token()
    {
        var (_, token) = Tokens.Issue("box-4", null, "admin");

        var stored = _portal.Services.GetRequiredService<Storage.LabDatabase>().AgentTokens.FindAll().Single();

        Assert.DoesNotContain(token, stored.TokenHash);
        Assert.Equal(token[..10], stored.Prefix);
        Assert.NotNull(Tokens.Authenticate(token));
    }

    [Fact]
    public async Task An_agent_flooding_the_hub_with_calls_is_told_to_slow_down()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string> { ["Lab:AgentCallsPerSecond"] = "5" });
        await using var agent = TestAgentConnection.Create(portal, PortalFactory.TestToken);
        await agent.StartAsync();
        await agent.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), Registration("chatty"));

        var refused = await Assert.ThrowsAsync<HubException>(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                await agent.InvokeAsync(nameof(IAgentHub.HeartbeatAsync), new AgentHeartbeat("chatty", null, null));
            }
        });

        Assert.Contains("at most 5 a second", refused.Message);
    }

    [Fact]
    public async Task A_message_larger_than_the_limit_closes_the_agents_connection_and_stores_nothing()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string> { ["Lab:MaxAgentMessageBytes"] = "4096" });
        await using var agent = TestAgentConnection.Create(portal, PortalFactory.TestToken);
        await agent.StartAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => agent.InvokeAsync<AgentRegistered>(
            nameof(IAgentHub.RegisterAsync), Registration("big") with { Machine = new string('x', 10_000) }));

        Assert.Null(portal.Services.GetRequiredService<Storage.AgentStore>().Get("big"));
    }

    [Fact]
    public async Task Only_an_admin_may_issue_agent_tokens_through_the_api()
    {
        using var member = _portal.CreateClientAs("mia", UserRoles.Member);
        using var admin = _portal.CreateClient();

        var refused = await member.PostAsJsonAsync("/api/agent-tokens", new { name = "sneaky" });
        var issued = await admin.PostAsJsonAsync("/api/agent-tokens", new { name = "gpu-7", agentId = "gpu-7" });

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        Assert.Equal("gpu-7", Tokens.Authenticate(token)?.BoundAgentId);
    }

    public async ValueTask DisposeAsync() => await _portal.DisposeAsync();
}
