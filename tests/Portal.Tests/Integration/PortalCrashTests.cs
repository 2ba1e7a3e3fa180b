using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Integration;

/// <summary>The portal process is killed (SIGKILL) while an agent streams progress, then started again.</summary>
public sealed class PortalCrashTests
{
    [Fact]
    public async Task A_portal_killed_during_ingestion_restarts_with_every_stored_point_the_agent_reattaches_and_no_token_reaches_a_log()
    {
        var folder = Directory.CreateTempSubdirectory("labportal-crash-").FullName;
        try
        {
            using var portal = await PortalProcess.StartAsync(Path.Combine(folder, "lab.db"));
            using var client = portal.CreateClient();
            using var agent = AgentProcess.Start(portal.Address, "survivor");
            var runId = await client.SubmitAsync(PortalFactoryExtensions.DemoFullFineTuning("through a crash", epochs: 12));
            await PortalFactoryExtensions.WaitForAsync(
                () => client.GetJsonAsync($"/api/runs/{runId}/points"),
                points => points.GetArrayLength() >= 30,
                TimeSpan.FromSeconds(90), "points to stream in");
            var beforeCrash = (await client.GetJsonAsync($"/api/runs/{runId}/points")).GetArrayLength();

            portal.Kill();
            await Task.Delay(TimeSpan.FromSeconds(2));
            await portal.RestartAsync();

            var afterRestart = (await client.GetJsonAsync($"/api/runs/{runId}/points")).GetArrayLength();
            Assert.True(afterRestart >= beforeCrash, $"{beforeCrash} points before the crash, {afterRestart} after the restart");
            var run = await client.WaitUntilFinishedAsync(runId, TimeSpan.FromMinutes(3));
            Assert.True(run.GetProperty("state").GetString() == "Succeeded", $"{run}\n{agent.Output}");
            Assert.Equal(1, run.GetProperty("attempts").GetArrayLength());
            var agents = await client.GetJsonAsync("/api/agents");
            Assert.True(agents[0].GetProperty("online").GetBoolean(), "the agent re-attached");
            var sequences = (await client.GetJsonAsync($"/api/runs/{runId}/points")).EnumerateArray().Select(p => p.GetProperty("sequence").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
            portal.Kill();

            // No secret reaches a log: not the agent token, not the API token the test used.
            Assert.DoesNotContain(PortalFactory.TestToken, portal.Output + agent.Output);
            Assert.DoesNotContain(portal.ApiToken, portal.Output + agent.Output);
            Assert.Contains("Registered as survivor", agent.Output); // the logs were captured

            // The file opens on its own and holds the same run and points.
            using var db = new LabDatabase(portal.DatabasePath);
            Assert.Equal(sequences.Count, db.Points.Count(p => p.RunId == runId));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
