using System.Text.Json;
using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Integration;

/// <summary>An agent process killed mid-run: its lease runs out and another agent resumes from the uploaded checkpoint.</summary>
public sealed class AgentCrashTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_killed_agents_run_is_resumed_by_another_agent_and_ends_with_the_metrics_of_an_uninterrupted_run()
    {
        await using var portal = new PortalFactory(settings: new Dictionary<string, string>
        {
            ["Lab:LeaseSeconds"] = "8",
            ["Lab:CheckpointEverySteps"] = "10",
        });
        var address = portal.StartOnKestrel();
        using var client = portal.CreateKestrelClient(address);
        using var doomed = AgentProcess.Start(address, "doomed");
        var runId = await client.SubmitAsync(PortalFactoryExtensions.DemoFullFineTuning("interrupted", epochs: 10, seed: 7));
        await client.WaitUntilStepAsync(runId, 40, Wait);
        await PortalFactoryExtensions.WaitForAsync(
            () => client.GetJsonAsync($"/api/runs/{runId}/artifacts"),
            files => files.EnumerateArray().Any(f => f.GetProperty("name").GetString() == "checkpoint.zip"), Wait, "a checkpoint on the portal");
        using var rescuer = AgentProcess.Start(address, "rescuer");

        doomed.Kill();

        var resumed = await client.WaitUntilFinishedAsync(runId, Wait);
        Assert.True(resumed.GetProperty("state").GetString() == "Succeeded", $"{resumed}\n{rescuer.Output}");
        var attempts = resumed.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.StartsWith("Lost: lease expired", attempts[0].GetProperty("outcome").GetString());
        Assert.Equal("rescuer", attempts[1].GetProperty("agentId").GetString());
        Assert.Contains("resuming from the checkpoint", await client.GetStringAsync($"/api/runs/{runId}/log"));

        var uninterrupted = await client.WaitUntilFinishedAsync(
            await client.SubmitAsync(PortalFactoryExtensions.DemoFullFineTuning("uninterrupted", epochs: 10, seed: 7)), Wait);
        Assert.True(uninterrupted.GetProperty("state").GetString() == "Succeeded", $"{uninterrupted}\n{rescuer.Output}");
        Assert.Equal(Metrics(uninterrupted), Metrics(resumed));

        // Every point of each attempt is stored once: sequence numbers 1..n without gaps or repeats.
        var points = (await client.GetJsonAsync($"/api/runs/{runId}/points")).EnumerateArray().ToList();
        foreach (var attempt in points.GroupBy(p => p.GetProperty("attempt").GetInt32()))
        {
            var sequences = attempt.Select(p => p.GetProperty("sequence").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        }
    }

    private static string Metrics(JsonElement run) => $"{run.GetProperty("metrics")} loss {run.GetProperty("evaluationLoss")}";
}
