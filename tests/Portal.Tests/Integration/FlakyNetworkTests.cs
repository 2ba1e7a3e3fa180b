using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Integration;

/// <summary>A real agent whose network to the portal drops for a few heartbeats in the middle of a run.</summary>
public sealed class FlakyNetworkTests
{
    [Fact]
    public async Task A_connection_dropped_for_several_heartbeats_mid_run_loses_no_progress_and_the_same_attempt_finishes()
    {
        await using var portal = new PortalFactory(localAgents: 0);
        var address = portal.StartOnKestrel();
        using var client = portal.CreateKestrelClient(address);
        await using var relay = new TcpRelay(address);
        using var agent = AgentProcess.Start(relay.Address, "flaky-agent");
        var runId = await client.SubmitAsync(PortalFactoryExtensions.DemoFullFineTuning("through a flaky link", epochs: 12));
        await client.WaitUntilStepAsync(runId, 1, TimeSpan.FromSeconds(90));

        relay.Cut();
        await Task.Delay(TimeSpan.FromSeconds(4)); // the portal's heartbeat is 1 s in tests
        var duringTheCut = await client.GetJsonAsync($"/api/runs/{runId}");
        relay.Resume();

        var run = await client.WaitUntilFinishedAsync(runId, TimeSpan.FromMinutes(3));
        Assert.True(run.GetProperty("state").GetString() == "Succeeded", $"{run}\n{agent.Output}");
        Assert.Contains("reconnecting", agent.Output); // the agent did lose the portal
        Assert.True(run.GetProperty("step").GetInt32() > duringTheCut.GetProperty("step").GetInt32(), "the run was still training when the link came back");
        Assert.Equal(1, run.GetProperty("attempts").GetArrayLength());
        var points = await client.GetJsonAsync($"/api/runs/{runId}/points");
        var sequences = points.EnumerateArray().Select(p => p.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Equal(run.GetProperty("step").GetInt32(), points.EnumerateArray().Last(p => p.GetProperty("kind").GetString() == "Train").GetProperty("step").GetInt32());
    }
}
