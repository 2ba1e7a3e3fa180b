using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Integration;

/// <summary>A Kestrel-hosted portal and the real agent process it starts, training a tiny run end to end.</summary>
public sealed class RealAgentRunTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_real_agent_completes_a_tiny_run_and_the_database_holds_its_metrics_and_every_point_once()
    {
        var folder = Directory.CreateTempSubdirectory("labportal-integration-").FullName;
        var databasePath = Path.Combine(folder, "lab.db");
        var portal = new PortalFactory(localAgents: 1, databasePath);
        int runId;
        try
        {
            var address = portal.StartOnKestrel();
            using var client = portal.CreateKestrelClient(address);

            await PortalFactoryExtensions.WaitForAsync(
                () => client.GetJsonAsync("/api/agents"),
                agents => agents.EnumerateArray().Any(a => a.GetProperty("online").GetBoolean()),
                TimeSpan.FromSeconds(60), "the local agent to register");

            var request = new ExperimentRequest
            {
                Name = "integration",
                Spec = new ExperimentSpec
                {
                    Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
                    Method = new MethodSpec { Kind = MethodKind.Full },
                    Training = new TrainingSpec { Epochs = 1, BatchSize = 32, MaxLength = 32, LogEverySteps = 2, LearningRate = 1e-3 },
                },
            };
            var created = await (await client.PostAsJsonAsync("/api/experiments", request, LabJson.Options)).Content.ReadFromJsonAsync<JsonElement>();
            runId = created.GetProperty("runIds")[0].GetInt32();

            var run = await PortalFactoryExtensions.WaitForAsync(
                () => client.GetJsonAsync($"/api/runs/{runId}"),
                r => RunStateOf(r).IsFinished(), RunTimeout, $"run {runId} to finish");

            Assert.True(RunStateOf(run) == RunState.Succeeded, $"Run ended {RunStateOf(run)}: {run.GetProperty("failureReason")}");
            var metrics = run.GetProperty("metrics");
            Assert.InRange(metrics.GetProperty("accuracy").GetDouble(), 0, 1);
            Assert.Equal(
                metrics.GetProperty("truePositives").GetInt64() + metrics.GetProperty("falsePositives").GetInt64()
                + metrics.GetProperty("trueNegatives").GetInt64() + metrics.GetProperty("falseNegatives").GetInt64(),
                DevExampleCount());
        }
        finally
        {
            // Stopping the portal closes the LiteDB file (and stops its agent) so the file can be read on its own.
            // Asynchronously: some UI services only dispose that way, and a failed sync dispose would leave the file open.
            await portal.DisposeAsync();
        }

        AssertStoredRun(databasePath, runId);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_real_agent_trains_a_lora_run_and_the_portal_keeps_its_adapter_and_predictions()
    {
        await using var portal = new PortalFactory(localAgents: 1);
        using var client = portal.CreateKestrelClient(portal.StartOnKestrel());
        var request = new ExperimentRequest
        {
            Name = "lora files",
            Spec = new ExperimentSpec
            {
                Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
                Method = new MethodSpec { Kind = MethodKind.Lora, Rank = 4 },
                Training = new TrainingSpec { Epochs = 1, BatchSize = 32, MaxLength = 32 },
            },
        };

        var (runId, run) = await client.RunToEndAsync(request, RunTimeout);

        Assert.Equal(RunState.Succeeded, RunStateOf(run));
        var files = (await client.GetJsonAsync($"/api/runs/{runId}/artifacts")).EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("adapter.zip", files);
        Assert.Contains("predictions.tsv", files);
        var predictions = await client.GetStringAsync($"/api/runs/{runId}/artifacts/predictions.tsv");
        Assert.Equal(DevExampleCount() + 1, predictions.TrimEnd('\n').Split('\n').Length); // header + one row per pair

        // The agent's printed lines reach the run's log: its start, a progress line with both LoRA rates, its outcome.
        var log = (await client.GetStringAsync($"/api/runs/{runId}/log")).TrimEnd('\n').Split('\n');
        Assert.StartsWith($"run {runId} attempt 1: training tiny", log[0]);
        Assert.Contains(log, line => Regex.IsMatch(line, @"^step \d+/\d+ .* lr_A \d\.\d+e-\d+  lr_B \d\.\d+e-\d+"));
        Assert.StartsWith("finished after", log[^1]);

        // Each training point carries the adapters' norms, across the real SignalR connection: tiny has 2 layers × query, value.
        var trainPoints = (await client.GetJsonAsync($"/api/runs/{runId}/points")).EnumerateArray().Where(p => p.GetProperty("kind").GetString() == "Train").ToList();
        Assert.NotEmpty(trainPoints);
        Assert.All(trainPoints, p => Assert.Equal(4, p.GetProperty("adapters").GetArrayLength()));
    }

    private static void AssertStoredRun(string databasePath, int runId)
    {
        using var database = new LabDatabase(databasePath);
        var run = database.Runs.FindById(runId);
        Assert.NotNull(run);
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.NotNull(run.Evaluation);
        Assert.Equal(DevExampleCount(), run.Evaluation!.Total);
        Assert.Equal(64, run.DatasetFingerprint?.Length);

        var points = database.Points.Find(p => p.RunId == runId).ToList();
        var sequences = points.Select(p => p.Sequence).OrderBy(s => s).ToList();
        // Every report the agent sent is stored, once: the sequence numbers run 1..N without gaps or repeats.
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Contains(points, p => p.Kind == ProgressKind.Eval && p.Evaluation is not null);
        Assert.Equal(run.TotalSteps, points.Where(p => p.Kind == ProgressKind.Train).Max(p => p.Step));
    }

    private static RunState RunStateOf(JsonElement run) => Enum.Parse<RunState>(run.GetProperty("state").GetString()!);

    private static int DevExampleCount() =>
        File.ReadLines(Path.Combine(RepositoryPaths.Root, "data/demo/dev.tsv")).Skip(1).Count(l => l.Length > 0);
}
