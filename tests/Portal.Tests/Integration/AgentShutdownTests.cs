using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Integration;

/// <summary>An agent told to stop (SIGTERM, as `docker stop` sends) hands its run back instead of leaving it hanging.</summary>
public sealed class AgentShutdownTests
{
    [Fact]
    public async Task A_terminated_agent_stops_its_run_within_a_step_hands_it_back_to_the_queue_and_goes_offline()
    {
        await using var portal = new PortalFactory(localAgents: 0);
        var address = portal.StartOnKestrel();
        using var client = portal.CreateKestrelClient(address);
        using var agent = AgentProcess.Start(address, "stopping-agent");
        var runId = await client.SubmitAsync(PortalFactoryExtensions.DemoFullFineTuning("long enough to interrupt", epochs: 200));
        await client.WaitUntilStepAsync(runId, 1, TimeSpan.FromSeconds(90));

        agent.Terminate();
        await agent.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(agent.ExitCode == 0, $"The agent exited with {agent.ExitCode}:\n{agent.Output}");
        var run = await client.GetJsonAsync($"/api/runs/{runId}");
        Assert.Equal("Queued", run.GetProperty("state").GetString());
        Assert.Equal("Lost: the agent shut down", run.GetProperty("attempts")[0].GetProperty("outcome").GetString());
        var agents = await PortalFactoryExtensions.WaitForAsync(
            () => client.GetJsonAsync("/api/agents"),
            list => list.EnumerateArray().All(a => !a.GetProperty("online").GetBoolean()),
            TimeSpan.FromSeconds(10), "the agent to show offline");
        Assert.Equal("stopping-agent", agents[0].GetProperty("id").GetString());
    }
}
