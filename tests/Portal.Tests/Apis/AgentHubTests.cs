using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Apis;

/// <summary>Log lines and cancels through the real hub, with agents as SignalR clients.</summary>
public sealed class AgentHubTests : IAsyncDisposable
{
    private readonly PortalFactory _portal = new();
    private readonly HttpClient _client;

    public AgentHubTests() => _client = _portal.CreateClient();

    private async Task<HubConnection> RegisterAsync(string agentId)
    {
        var connection = TestAgentConnection.Create(_portal, PortalFactory.TestToken);
        await connection.StartAsync();
        await connection.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), new AgentRegistration { AgentId = agentId });
        return connection;
    }

    /// <summary>Queues a run and waits until the scheduler gives it to the agent, which keeps sending heartbeats meanwhile.</summary>
    private async Task<int> QueueRunGivenToAsync(HubConnection agent, string agentId)
    {
        var request = new ExperimentRequest
        {
            Name = "hub",
            Spec = new ExperimentSpec { Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" } },
        };
        var created = await (await _client.PostAsJsonAsync("/api/experiments", request, LabJson.Options)).Content.ReadFromJsonAsync<JsonElement>();
        var runId = created.GetProperty("runIds")[0].GetInt32();
        await PortalFactoryExtensions.WaitForAsync(
            async () =>
            {
                await agent.InvokeAsync(nameof(IAgentHub.HeartbeatAsync), new AgentHeartbeat(agentId, null, null));
                return await _client.GetJsonAsync($"/api/runs/{runId}");
            },
            r => r.GetProperty("agentId").GetString() == agentId,
            TimeSpan.FromSeconds(20), $"the scheduler to give the run to {agentId}");
        return runId;
    }

    [Fact]
    public async Task Cancelling_through_the_api_tells_the_agent_and_its_canceled_report_frees_it_with_the_run_still_canceled()
    {
        await using var agent = await RegisterAsync("trainer");
        var told = new TaskCompletionSource<int>();
        agent.On<int>(nameof(IAgentClient.CancelRunAsync), runId => told.TrySetResult(runId));
        var runId = await QueueRunGivenToAsync(agent, "trainer");

        (await _client.PostAsync($"/api/runs/{runId}/cancel", null)).EnsureSuccessStatusCode();

        Assert.Equal(runId, await told.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        await agent.InvokeAsync(nameof(IAgentHub.FailRunAsync), new RunFailure("trainer", runId, 1, "Canceled"));
        Assert.Equal("Canceled", (await _client.GetJsonAsync($"/api/runs/{runId}")).GetProperty("state").GetString());
        var trainer = (await _client.GetJsonAsync("/api/agents")).EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Null, trainer.GetProperty("currentRunId").ValueKind);
    }

    [Fact]
    public async Task The_hub_keeps_lines_of_the_attempt_an_agent_holds_and_refuses_them_from_another_agent_or_attempt()
    {
        await using var holder = await RegisterAsync("holder");
        var runId = await QueueRunGivenToAsync(holder, "holder");
        await using var other = await RegisterAsync("other");

        await holder.InvokeAsync(nameof(IAgentHub.ReportLogAsync), new RunLog("holder", runId, 1, ["step 2/10  loss 0.6931"]));
        var wrongAgent = await Assert.ThrowsAsync<HubException>(() =>
            other.InvokeAsync(nameof(IAgentHub.ReportLogAsync), new RunLog("other", runId, 1, ["not mine"])));
        var wrongAttempt = await Assert.ThrowsAsync<HubException>(() =>
            holder.InvokeAsync(nameof(IAgentHub.ReportLogAsync), new RunLog("holder", runId, 2, ["stale"])));

        Assert.Contains("not assigned to agent 'other'", wrongAgent.Message);
        Assert.Contains($"Run {runId} attempt 2 is not assigned", wrongAttempt.Message);
        Assert.Equal("step 2/10  loss 0.6931\n", await _client.GetStringAsync($"/api/runs/{runId}/log"));
    }

    [Fact]
    public async Task A_heartbeat_naming_a_run_canceled_before_its_start_arrived_is_answered_with_a_stop()
    {
        await using var agent = await RegisterAsync("late");
        var stops = System.Threading.Channels.Channel.CreateUnbounded<int>();
        agent.On<int>(nameof(IAgentClient.CancelRunAsync), id => stops.Writer.TryWrite(id));
        var runId = await QueueRunGivenToAsync(agent, "late");
        (await _client.PostAsync($"/api/runs/{runId}/cancel", null)).EnsureSuccessStatusCode();
        // The cancel the api sent: the agent missed it (it came before the start), and began training.
        Assert.Equal(runId, await stops.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));

        await agent.InvokeAsync(nameof(IAgentHub.HeartbeatAsync), new AgentHeartbeat("late", runId, 1));

        Assert.Equal(runId, await stops.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_connection_whose_agent_id_was_registered_again_elsewhere_is_told_to_register_again()
    {
        await using var agent = await RegisterAsync("moved");
        var runId = await QueueRunGivenToAsync(agent, "moved");
        _portal.Services.GetRequiredService<LabPortal.Portal.Storage.AgentStore>().Update("moved", a =>
        {
            a.ConnectionId = "a-newer-connection";
            return true;
        });

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            agent.InvokeAsync(nameof(IAgentHub.ReportLogAsync), new RunLog("moved", runId, 1, ["from the old connection"])));

        Assert.True(HubErrors.AsksToRegisterAgain(refused), refused.Message);
        Assert.Equal("", await _client.GetStringAsync($"/api/runs/{runId}/log"));
    }

    [Fact]
    public async Task A_progress_batch_through_the_hub_is_stored_with_its_run_and_lease_in_one_transaction()
    {
        await using var agent = await RegisterAsync("trainer");
        var runId = await QueueRunGivenToAsync(agent, "trainer");
        var database = _portal.Services.GetRequiredService<LabDatabase>();
        var commits = database.Commits;

        await agent.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch("trainer", runId, 1,
            [new ProgressReport { Sequence = 1, Kind = ProgressKind.Train, Step = 3, TotalSteps = 10, Loss = 0.6 }, new ProgressReport { Sequence = 2, Kind = ProgressKind.Train, Step = 4, TotalSteps = 10, Loss = 0.5 }]));

        Assert.Equal(commits + 1, database.Commits);
        var run = await _client.GetJsonAsync($"/api/runs/{runId}");
        Assert.Equal(("Running", 4), (run.GetProperty("state").GetString(), run.GetProperty("step").GetInt32()));
        Assert.NotNull(_portal.Services.GetRequiredService<RunStore>().Get(runId)!.LeaseExpiresAt);
        Assert.Equal(2, (await _client.GetJsonAsync($"/api/runs/{runId}/points")).GetArrayLength());
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _portal.DisposeAsync();
    }
}
