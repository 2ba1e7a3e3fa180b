using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Bench;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Bench.Portal;

/// <summary>
/// <c>playground</c>: the playground's whole path, as a script (or the page) sees it. The real portal with one local agent
/// (the Release build, 2 threads) trains MiniLM with LoRA on the demo pairs, then scores the demo dev pairs one at a time
/// through <c>POST /api/runs/{id}/score</c>: HTTP to the portal, its checks, SignalR to the agent, the agent's cached
/// model, and back. The first call (download and build) is reported apart; the rest are the warm latency.
/// </summary>
public static class PlaygroundCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (options, exitCode) = Options.Parse("playground", "The playground's latency through the portal, warm.", args,
            ("pairs", 200, "Warm calls to time (the demo dev pairs, cycled)"), ("epochs", 1, "LoRA epochs on the demo pairs before scoring"));
        if (options is null)
        {
            return exitCode;
        }

        var folder = Directory.CreateTempSubdirectory("labportal-bench-playground-").FullName;
        try
        {
            await using var portal = new HarnessPortal(folder, localAgents: 1);
            using var http = new HttpClient { BaseAddress = portal.Start(), Timeout = TimeSpan.FromMinutes(10) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", portal.AdminToken());
            var runId = await TrainAsync(http, options["epochs"]);
            var pairs = File.ReadLines(Path.Combine(Repository.Root(), "data", "demo", "dev.tsv")).Skip(1)
                .Select(line => line.Split('\t')).Select(cells => (First: cells[3], Second: cells[4])).ToList();

            var (cold, _) = await ScoreAsync(http, runId, pairs[0]);
            Console.WriteLine($"first call (agent downloads the adapter and builds the model): {cold:F0} ms (load {Machine.LoadAverage()})");
            var (warm, agent) = (new List<double>(), new List<double>());
            for (var i = 0; i < options["pairs"]; i++)
            {
                var (milliseconds, score) = await ScoreAsync(http, runId, pairs[(i + 1) % pairs.Count]);
                warm.Add(milliseconds);
                agent.Add(score.GetProperty("agentMilliseconds").GetDouble());
            }

            var result = new
            {
                runId,
                coldMs = Math.Round(cold, 1),
                calls = warm.Count,
                p50Ms = Percentiles.Of(warm, 50),
                p95Ms = Percentiles.Of(warm, 95),
                maxMs = Percentiles.Of(warm, 100),
                agentP50Ms = Percentiles.Of(agent, 50),
                agentP95Ms = Percentiles.Of(agent, 95),
                load = Machine.LoadAverage(),
            };
            Console.WriteLine($"warm: p50 {result.p50Ms} ms, p95 {result.p95Ms} ms, max {result.maxMs} ms over {warm.Count} calls; "
                              + $"the agent's own part p50 {result.agentP50Ms} ms, p95 {result.agentP95Ms} ms (load {result.load})");
            Console.WriteLine(JsonSerializer.Serialize(result));
            return 0;
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Submits the run and waits for it to succeed; its id.</summary>
    private static async Task<int> TrainAsync(HttpClient http, int epochs)
    {
        var request = new ExperimentRequest
        {
            Name = "playground latency",
            Spec = new ExperimentSpec
            {
                Model = "minilm",
                Method = new MethodSpec { Kind = MethodKind.Lora },
                Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
                Training = new TrainingSpec { Epochs = epochs },
            },
        };
        using var submitted = await http.PostAsJsonAsync("/api/experiments", request, LabJson.Options);
        var created = await submitted.Content.ReadFromJsonAsync<JsonElement>();
        var runId = submitted.IsSuccessStatusCode
            ? created.GetProperty("runIds")[0].GetInt32()
            : throw new InvalidOperationException($"Submitting the run failed: {(int)submitted.StatusCode} {created}");
        var trained = Stopwatch.StartNew();
        while (true)
        {
            var state = Enum.Parse<RunState>((await http.GetFromJsonAsync<JsonElement>($"/api/runs/{runId}")).GetProperty("state").GetString()!);
            if (state == RunState.Succeeded)
            {
                Console.WriteLine($"run {runId} trained in {trained.Elapsed.TotalSeconds:F0} s (load {Machine.LoadAverage()})");
                return runId;
            }

            if (state is RunState.Failed or RunState.Canceled)
            {
                throw new InvalidOperationException($"Run {runId} ended {state}: {await http.GetStringAsync($"/api/runs/{runId}/log")}");
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static async Task<(double Milliseconds, JsonElement Score)> ScoreAsync(HttpClient http, int runId, (string First, string Second) pair)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync($"/api/runs/{runId}/score", new { first = pair.First, second = pair.Second });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var milliseconds = stopwatch.Elapsed.TotalMilliseconds;
        return response.IsSuccessStatusCode ? (milliseconds, body) : throw new InvalidOperationException($"Scoring failed: {(int)response.StatusCode} {body}");
    }
}
