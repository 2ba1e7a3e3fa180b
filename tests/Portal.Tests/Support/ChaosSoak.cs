using System.Diagnostics;
using System.Text.Json;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Support;

/// <summary>How big a soak is: runs to train, faults to inject at least, and the seed of the fault schedule.</summary>
public sealed record SoakPlan(int Runs, int Faults, int Seed, int Epochs = 20);

/// <summary>What a soak found. A clean soak has every run succeeded and no mismatch, gap or duplicate.</summary>
public sealed record SoakReport(
    int Runs, int Succeeded, IReadOnlyDictionary<string, int> Faults, long Points, int Attempts,
    int MetricMismatches, int PointGaps, int DuplicatePoints, int RunsInDatabase, TimeSpan Elapsed, IReadOnlyList<string> Problems)
{
    public int FaultsInjected => Faults.Values.Sum();

    public override string ToString() =>
        $"{FaultsInjected} faults ({string.Join(", ", Faults.Select(f => $"{f.Key} {f.Value}"))}), {Runs} runs, {Succeeded} succeeded, " +
        $"{Attempts} attempts, {Points} points, {MetricMismatches} metric mismatches, {PointGaps} gaps, " +
        $"{DuplicatePoints} duplicates, {RunsInDatabase} runs in the reopened database, {Elapsed.TotalSeconds:0} s" +
        (Problems.Count == 0 ? "" : $"\n{string.Join("\n", Problems)}");
}

/// <summary>
/// A portal process and three agent processes, each agent behind its own TCP relay, train short runs while a seeded
/// schedule kills an agent (SIGKILL), stops one (SIGTERM), cuts an agent's link, or kills the portal and starts it again.
/// Afterwards the same specs train once more without faults, for the metrics every run must match.
/// </summary>
public sealed class ChaosSoak(SoakPlan plan, Action<string> log)
{
    private const int Agents = 3;
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(15);
    private readonly Random _random = new(plan.Seed);
    private readonly Dictionary<string, int> _faults = new() { ["agent killed"] = 0, ["agent stopped"] = 0, ["link cut"] = 0, ["portal killed"] = 0 };
    private readonly List<AgentProcess> _everyAgent = [];
    private readonly List<TcpRelay> _relays = [];
    private readonly List<int> _round = [];
    private readonly AgentProcess[] _agents = new AgentProcess[Agents];
    private PortalProcess _portal = null!;
    private HttpClient _client = null!;

    /// <summary>Everything the agents printed, for a failure message.</summary>
    public string AgentOutput => string.Join("\n", _everyAgent.Select(a => a.Output));

    public async Task<SoakReport> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var folder = Directory.CreateTempSubdirectory("labportal-soak-").FullName;
        try
        {
            _portal = await PortalProcess.StartAsync(Path.Combine(folder, "lab.db"), new Dictionary<string, string>
            {
                ["LeaseSeconds"] = "6",
                ["CheckpointEverySteps"] = "10",
            });
            _client = _portal.CreateClient();
            for (var i = 0; i < Agents; i++)
            {
                _relays.Add(new TcpRelay(_portal.Address));
                StartAgent(i);
            }

            var runIds = new List<int>();
            for (var i = 0; i < plan.Runs; i++)
            {
                runIds.Add(await _client.SubmitAsync(PortalFactoryExtensions.DemoFullFineTuning($"soak {i}", plan.Epochs, seed: 100 + i)));
            }

            await InjectFaultsAsync(runIds);
            var runs = await Task.WhenAll(runIds.Select(id => FinishedAsync(id)));

            // The same specs, undisturbed: each soaked run must end exactly as its twin.
            var twins = new List<int>();
            for (var i = 0; i < plan.Runs; i++)
            {
                twins.Add(await _client.SubmitAsync(PortalFactoryExtensions.DemoFullFineTuning($"reference {i}", plan.Epochs, seed: 100 + i)));
            }

            var references = await Task.WhenAll(twins.Select(id => FinishedAsync(id)));
            return await ReportAsync(runIds, runs, references, clock.Elapsed);
        }
        finally
        {
            _client?.Dispose();
            _portal?.Dispose();
            foreach (var agent in _everyAgent)
            {
                agent.Dispose();
            }

            foreach (var relay in _relays)
            {
                await relay.DisposeAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>A fault every 2–5 s while runs are unfinished, until the plan's count is reached.</summary>
    private async Task InjectFaultsAsync(IReadOnlyList<int> runIds)
    {
        while (_faults.Values.Sum() < plan.Faults)
        {
            await Task.Delay(TimeSpan.FromSeconds(2 + 3 * _random.NextDouble()));
            var unfinished = 0;
            foreach (var id in runIds)
            {
                unfinished += await GetAsync($"/api/runs/{id}") is { } run && !PortalFactoryExtensions.StateOf(run).IsFinished() ? 1 : 0;
            }

            if (unfinished == 0)
            {
                log($"every run finished after {_faults.Values.Sum()} faults");
                return;
            }

            var agent = await BusyAgentAsync() ?? _random.Next(Agents);
            switch (NextKind())
            {
                case 0:
                    Fault("agent killed", agent);
                    _agents[agent].Kill();
                    StartAgent(agent);
                    break;
                case 1:
                    Fault("agent stopped", agent);
                    _agents[agent].Terminate();
                    await _agents[agent].WaitForExitAsync(TimeSpan.FromSeconds(90));
                    StartAgent(agent);
                    break;
                case 2:
                    Fault("link cut", agent);
                    _relays[agent].Cut();
                    await Task.Delay(TimeSpan.FromSeconds(2 + 4 * _random.NextDouble()));
                    _relays[agent].Resume();
                    break;
                default:
                    Fault("portal killed", null);
                    _portal.Kill();
                    await Task.Delay(TimeSpan.FromSeconds(1));
                    await _portal.RestartAsync();
                    break;
            }
        }
    }

    /// <summary>Every kind once in each round of four, in a seeded order, so even a short soak has each.</summary>
    private int NextKind()
    {
        if (_round.Count == 0)
        {
            _round.AddRange(Enumerable.Range(0, 4).OrderBy(_ => _random.Next()));
        }

        var kind = _round[0];
        _round.RemoveAt(0);
        return kind;
    }

    private void Fault(string kind, int? agent)
    {
        _faults[kind]++;
        log($"{DateTime.UtcNow:HH:mm:ss.f} fault {_faults.Values.Sum()}: {kind}{(agent is { } i ? $" (agent soak-{i})" : "")}");
    }

    private void StartAgent(int index)
    {
        _agents[index] = AgentProcess.Start(_relays[index].Address, $"soak-{index}");
        _everyAgent.Add(_agents[index]);
    }

    /// <summary>An agent that is training something right now, when the portal answers.</summary>
    private async Task<int?> BusyAgentAsync()
    {
        var busy = (await GetAsync("/api/agents"))?.EnumerateArray()
            .Where(a => a.GetProperty("currentRunId").ValueKind == JsonValueKind.Number)
            .Select(a => int.Parse(a.GetProperty("id").GetString()!["soak-".Length..]))
            .ToList();
        return busy is { Count: > 0 } ? busy[_random.Next(busy.Count)] : null;
    }

    private async Task<JsonElement> FinishedAsync(int runId)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await GetAsync($"/api/runs/{runId}") is { } run && PortalFactoryExtensions.StateOf(run).IsFinished())
            {
                return run;
            }

            await Task.Delay(500);
        }

        // The portal's warnings and errors say why (its information lines would bury them).
        var portalProblems = _portal.Output.Split('\n').Where(line => line.Contains("warn:") || line.Contains("fail:") || line.Contains("crit:") || line.Contains("Exception") || line.StartsWith("   at ", StringComparison.Ordinal));
        throw new TimeoutException(
            $"Run {runId} did not finish within {RunTimeout.TotalMinutes} minutes.\n{AgentOutput}\nportal:\n{string.Join("\n", portalProblems.TakeLast(200))}");
    }

    /// <summary>GETs JSON, or null while the portal is down (it is killed on purpose).</summary>
    private async Task<JsonElement?> GetAsync(string path)
    {
        try
        {
            return await _client.GetJsonAsync(path);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private async Task<SoakReport> ReportAsync(IReadOnlyList<int> runIds, JsonElement[] runs, JsonElement[] references, TimeSpan elapsed)
    {
        var problems = new List<string>();
        int mismatches = 0, gaps = 0, duplicates = 0, attempts = 0;
        long points = 0;
        for (var i = 0; i < runs.Length; i++)
        {
            var (run, twin) = (runs[i], references[i]);
            if (PortalFactoryExtensions.StateOf(run) != RunState.Succeeded)
            {
                problems.Add($"run {runIds[i]} ended {run.GetProperty("state")}: {run}");
            }

            if (PortalFactoryExtensions.StateOf(twin) != RunState.Succeeded)
            {
                problems.Add($"undisturbed twin of run {runIds[i]} ended {twin.GetProperty("state")}: {twin}");
            }

            if (Metrics(run) != Metrics(twin))
            {
                mismatches++;
                problems.Add($"run {runIds[i]}: {Metrics(run)}; undisturbed: {Metrics(twin)}");
            }

            attempts += run.GetProperty("attempts").GetArrayLength();
            var stored = (await _client.GetJsonAsync($"/api/runs/{runIds[i]}/points")).EnumerateArray().ToList();
            points += stored.Count;
            foreach (var attempt in stored.GroupBy(p => p.GetProperty("attempt").GetInt32()))
            {
                var sequences = attempt.Select(p => p.GetProperty("sequence").GetInt64()).Order().ToList();
                duplicates += sequences.Count - sequences.Distinct().Count();
                gaps += (int)(sequences[^1] - sequences.Distinct().Count());
            }
        }

        _portal.Kill();
        using var database = new LabDatabase(_portal.DatabasePath); // opens cleanly after a SIGKILL
        return new SoakReport(runs.Length, runs.Count(r => PortalFactoryExtensions.StateOf(r) == RunState.Succeeded), _faults, points,
            attempts, mismatches, gaps, duplicates, database.Runs.Count(), elapsed, problems);
    }

    private static string Metrics(JsonElement run) => $"{run.GetProperty("metrics")} loss {run.GetProperty("evaluationLoss")}";
}
