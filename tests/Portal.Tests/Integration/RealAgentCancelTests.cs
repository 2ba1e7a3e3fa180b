using System.Text.Json;
using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Integration;

/// <summary>Cancelling a run the real agent process is training, through the API.</summary>
public sealed class RealAgentCancelTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Cancelling_a_running_run_stops_the_real_agent_keeps_the_runs_history_and_frees_the_agent()
    {
        await using var portal = new PortalFactory(localAgents: 1);
        using var client = portal.CreateKestrelClient(portal.StartOnKestrel());
        var runId = await client.SubmitAsync(PortalFactoryExtensions.DemoFullFineTuning("long run", epochs: 200));
        await client.WaitUntilStepAsync(runId, 1, Wait);

        (await client.PostAsync($"/api/runs/{runId}/cancel", null)).EnsureSuccessStatusCode();

        var agent = await PortalFactoryExtensions.WaitForAsync(
            () => client.GetJsonAsync("/api/agents"), a => a.EnumerateArray().Single().GetProperty("currentRunId").ValueKind == JsonValueKind.Null,
            Wait, "the agent to stop the run and be free");
        var run = await client.GetJsonAsync($"/api/runs/{runId}");
        Assert.Equal("Canceled", run.GetProperty("state").GetString());
        Assert.Equal("Canceled", run.GetProperty("attempts")[0].GetProperty("outcome").GetString());
        Assert.True(agent.EnumerateArray().Single().GetProperty("online").GetBoolean());
        Assert.NotEmpty((await client.GetJsonAsync($"/api/runs/{runId}/points")).EnumerateArray());
        Assert.True(run.GetProperty("step").GetInt32() < run.GetProperty("totalSteps").GetInt32());
    }
}
