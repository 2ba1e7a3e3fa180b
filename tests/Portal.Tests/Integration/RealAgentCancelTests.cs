using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

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
        var request = new ExperimentRequest
        {
            Name = "long run",
            Spec = new ExperimentSpec
            {
                Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
                Method = new MethodSpec { Kind = MethodKind.Full },
                Training = new TrainingSpec { Epochs = 200, BatchSize = 16, MaxLength = 32, LogEverySteps = 1 },
            },
        };
        var created = await (await client.PostAsJsonAsync("/api/experiments", request, LabJson.Options)).Content.ReadFromJsonAsync<JsonElement>();
        var runId = created.GetProperty("runIds")[0].GetInt32();
        await PortalFactoryExtensions.WaitForAsync(
            () => client.GetJsonAsync($"/api/runs/{runId}"), r => r.GetProperty("step").GetInt32() > 0, Wait, $"run {runId} to train a step");

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
