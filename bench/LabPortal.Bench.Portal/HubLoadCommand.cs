using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using LabPortal.Bench;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Bench.Portal;

/// <summary>
/// <c>hub</c>: the real portal on Kestrel, N real SignalR agent clients (WebSockets) each sending one progress report
/// per call at a fixed rate for a fixed time, and a page-like subscriber: it listens to LiveUpdates.PointsAdded in
/// the portal process as a live page does, and hands each event to one dispatcher loop (as a page's
/// InvokeAsync(StateHasChanged) hands it to its circuit); latency is from the client's send to that loop.
/// Clients and portal share this process, so its CPU and memory are an upper bound for the portal's.
/// </summary>
public static class HubLoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (options, exitCode) = Options.Parse("hub", "Simulated agents send progress reports to a real portal over SignalR.", args, ("agents", 50, "Simulated SignalR agents"), ("rate", 20, "Reports per second per agent"), ("seconds", 60, "How long to send"));
        if (options is null)
        {
            return exitCode;
        }

        var (agentCount, rate, duration) = (options["agents"], options["rate"], TimeSpan.FromSeconds(options["seconds"]));
        var folder = Directory.CreateTempSubdirectory("labportal-bench-hub-").FullName;
        try
        {
            await using var portal = new HarnessPortal(folder);
            var address = portal.Start();
            using var http = new HttpClient { BaseAddress = address };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", portal.AdminToken());
            var request = new ExperimentRequest
            {
                Name = "hub load",
                Seeds = Enumerable.Range(1, agentCount).ToList(),
                Spec = new ExperimentSpec
                {
                    Model = "tiny",
                    Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
                    Training = new TrainingSpec { Epochs = 1, BatchSize = 16 },
                },
            };
            using (var submitted = await http.PostAsJsonAsync("/api/experiments", request, LabJson.Options))
            {
                if (!submitted.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"Submitting the runs failed: {(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
                }
            }

            var agents = Enumerable.Range(0, agentCount).Select(i => new LoadAgent(address, $"bench-{i:00}")).ToList();
            foreach (var agent in agents)
            {
                await agent.ConnectAsync();
            }

            var assignments = Task.WhenAll(agents.Select(a => a.Assigned));
            if (await Task.WhenAny(assignments, Task.Delay(TimeSpan.FromSeconds(60))) != assignments)
            {
                throw new TimeoutException($"Only {agents.Count(a => a.Assigned.IsCompleted)} of {agentCount} agents were given a run within 60 s.");
            }

            // The page-like subscriber.
            var sent = new ConcurrentDictionary<(int RunId, long Sequence), long>();
            var dispatcher = Channel.CreateUnbounded<(int RunId, IReadOnlyList<MetricPoint> Points)>(new UnboundedChannelOptions { SingleReader = true });
            var latencies = new List<double>();
            var received = 0L;
            var render = Task.Run(async () =>
            {
                await foreach (var (runId, points) in dispatcher.Reader.ReadAllAsync())
                {
                    var now = Stopwatch.GetTimestamp();
                    foreach (var point in points)
                    {
                        received++;
                        if (sent.TryGetValue((runId, point.Sequence), out var at))
                        {
                            latencies.Add(Stopwatch.GetElapsedTime(at, now).TotalMilliseconds);
                        }
                    }
                }
            });
            var live = portal.Services.GetRequiredService<LiveUpdates>();
            void OnPoints(int runId, IReadOnlyList<MetricPoint> points) => dispatcher.Writer.TryWrite((runId, points));
            live.PointsAdded += OnPoints;

            Console.WriteLine($"{agentCount} agents connected and assigned; sending {rate}/s each for {duration.TotalSeconds:F0} s (load {Machine.LoadAverage()})");
            GC.Collect();
            var residentBefore = Machine.ResidentBytes();
            var cpuBefore = Machine.CpuTime();
            var wall = Stopwatch.StartNew();
            await Task.WhenAll(agents.Select(a => a.ReportAsync(rate, duration, (runId, sequence, at) => sent[(runId, sequence)] = at)));
            var sendSeconds = wall.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(1)); // anything still in flight
            var cpuSeconds = (Machine.CpuTime() - cpuBefore).TotalSeconds;
            var wallSeconds = wall.Elapsed.TotalSeconds;
            live.PointsAdded -= OnPoints;
            dispatcher.Writer.Complete();
            await render;

            var database = portal.Services.GetRequiredService<LabDatabase>();
            var stored = database.Points.LongCount();
            var totalSent = agents.Sum(a => a.Sent);
            var failed = agents.Sum(a => a.Failed);
            var result = new
            {
                agents = agentCount, ratePerAgent = rate, seconds = duration.TotalSeconds, load = Machine.LoadAverage(),
                attempted = sent.Count, sent = totalSent, failed, stored, receivedByPage = received,
                sentPerSecond = Math.Round(totalSent / sendSeconds, 1),
                p50Ms = Percentiles.Of(latencies, 50), p95Ms = Percentiles.Of(latencies, 95), p99Ms = Percentiles.Of(latencies, 99), maxMs = Percentiles.Of(latencies, 100),
                processCpuCores = Math.Round(cpuSeconds / wallSeconds, 3),
                residentBeforeBytes = residentBefore, residentAfterBytes = Machine.ResidentBytes(), peakResidentBytes = Machine.PeakResidentBytes(),
                managedHeapBytes = GC.GetTotalMemory(false),
            };
            Console.WriteLine($"sent {totalSent} ({result.sentPerSecond}/s, {failed} refused), stored {stored}, page saw {received}; " +
                              $"send→page p50 {result.p50Ms} ms, p95 {result.p95Ms} ms, p99 {result.p99Ms} ms; process CPU {result.processCpuCores} cores; " +
                              $"RSS {residentBefore / 1e6:F0} → {result.residentAfterBytes / 1e6:F0} MB (peak {result.peakResidentBytes / 1e6:F0} MB)");
            Console.WriteLine(JsonSerializer.Serialize(result));
            foreach (var agent in agents)
            {
                await agent.DisposeAsync();
            }

            return 0;
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // The database file may still be closing; the temporary folder is left behind.
            }
        }
    }
}
