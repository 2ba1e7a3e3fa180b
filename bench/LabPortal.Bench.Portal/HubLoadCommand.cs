using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using System.Threading.Channels;
using LabPortal.Bench;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Validation;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Bench.Portal;

/// <summary>
/// <c>hub</c>: the real portal on Kestrel in this process; N real SignalR agent clients (WebSockets) in a child process
/// (<see cref="LoadAgentsCommand"/>), each sending progress reports at a fixed rate, a batch per call, for a fixed time;
/// and a page-like subscriber here: it listens to LiveUpdates.PointsAdded as a live page does and hands each event to
/// one dispatcher loop (as a page's InvokeAsync(StateHasChanged) hands it to its circuit). Latency is from the report's
/// send time (its <c>Time</c>, set by the client just before the call; one machine, one clock) to that loop. This
/// process's CPU is the portal's (plus the subscriber's); the clients' is reported beside it.
/// </summary>
public static class HubLoadCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var (options, exitCode) = Options.Parse("hub", "Simulated agents send progress reports to a real portal over SignalR.", args,
            ("agents", 200, "Simulated SignalR agents"), ("rate", 25, "Reports per second per agent"), ("seconds", 60, "How long to send"),
            ("batch", 1, "Reports per hub call"), ("spread", 0, LoadAgentsCommand.SpreadDescription),
            ("warmup", 0, "Seconds at the start whose reports are stored and counted but left out of the latency figures"));
        if (options is null)
        {
            return exitCode;
        }

        var (agentCount, rate, seconds, batch, spread) = (options["agents"], options["rate"], options["seconds"], options["batch"], options["spread"]);
        var warmup = TimeSpan.FromSeconds(options["warmup"]);
        var folder = Directory.CreateTempSubdirectory("labportal-bench-hub-").FullName;
        try
        {
            await using var portal = new HarnessPortal(folder);
            var address = portal.Start();
            await SubmitRunsAsync(portal, address, agentCount);

            // The page-like subscriber.
            var dispatcher = Channel.CreateUnbounded<IReadOnlyList<MetricPoint>>(new UnboundedChannelOptions { SingleReader = true });
            var latencies = new List<double>();
            var withWarmup = new List<double>();
            var received = 0L;
            // Reports sent from this time on are timed: set when the agents start sending, plus the warm-up.
            var timedFrom = warmup == TimeSpan.Zero ? DateTimeOffset.MinValue.UtcTicks : DateTimeOffset.MaxValue.UtcTicks;
            var render = Task.Run(async () =>
            {
                await foreach (var points in dispatcher.Reader.ReadAllAsync())
                {
                    var now = DateTimeOffset.UtcNow;
                    foreach (var point in points)
                    {
                        received++;
                        withWarmup.Add((now - point.Time).TotalMilliseconds);
                        if (point.Time.UtcTicks >= Volatile.Read(ref timedFrom))
                        {
                            latencies.Add(withWarmup[^1]);
                        }
                    }
                }
            });
            var live = portal.Services.GetRequiredService<LiveUpdates>();
            void OnPoints(int runId, IReadOnlyList<MetricPoint> points) => dispatcher.Writer.TryWrite(points);
            live.PointsAdded += OnPoints;

            using var clients = StartClients(address.Port, agentCount, rate, seconds, batch, spread);
            string? line;
            while ((line = await clients.StandardOutput.ReadLineAsync()) != LoadAgentsCommand.SendingLine)
            {
                if (line is null)
                {
                    throw new InvalidOperationException("The agents' process ended before sending (its errors are above).");
                }
            }

            if (warmup > TimeSpan.Zero)
            {
                Volatile.Write(ref timedFrom, (DateTimeOffset.UtcNow + warmup).UtcTicks);
            }

            var loadBefore = Machine.LoadAverage();
            Console.WriteLine($"{agentCount} agents connected and assigned; sending {rate}/s each, {batch} per call, " +
                              $"{(spread == 0 ? "all at once" : "spread over the period")}, for {seconds} s, latency timed after {warmup.TotalSeconds} s (load {loadBefore})");
            GC.Collect();
            var residentBefore = Machine.ResidentBytes();
            var cpuBefore = Machine.CpuTime();
            var wall = Stopwatch.StartNew();
            var sentLine = await clients.StandardOutput.ReadToEndAsync();
            await clients.WaitForExitAsync();
            var sendSeconds = wall.Elapsed.TotalSeconds;
            await Task.Delay(TimeSpan.FromSeconds(1)); // anything still in flight
            var cpuSeconds = (Machine.CpuTime() - cpuBefore).TotalSeconds;
            var wallSeconds = wall.Elapsed.TotalSeconds;
            live.PointsAdded -= OnPoints;
            dispatcher.Writer.Complete();
            await render;

            var sent = JsonSerializer.Deserialize<JsonElement>(sentLine.Trim().Split('\n').Last());
            var attempted = sent.GetProperty("attempted").GetInt64();
            var stored = portal.Services.GetRequiredService<LabDatabase>().Points.LongCount();
            var result = new
            {
                agents = agentCount, ratePerAgent = rate, reportsPerCall = batch, spread, seconds, warmupSeconds = warmup.TotalSeconds, loadBefore, loadAfter = Machine.LoadAverage(),
                attempted, acknowledged = sent.GetProperty("sent").GetInt64(), refused = sent.GetProperty("refused").GetInt64(), stored,
                lost = attempted - stored, receivedByPage = received,
                offeredPerSecond = agentCount * rate, storedPerSecond = Math.Round(stored / sendSeconds, 1), sendSeconds = Math.Round(sendSeconds, 2),
                p50Ms = Percentiles.Of(latencies, 50), p95Ms = Percentiles.Of(latencies, 95), p99Ms = Percentiles.Of(latencies, 99), maxMs = Percentiles.Of(latencies, 100),
                withWarmupP50Ms = Percentiles.Of(withWarmup, 50), withWarmupP95Ms = Percentiles.Of(withWarmup, 95), withWarmupP99Ms = Percentiles.Of(withWarmup, 99),
                portalCpuCores = Math.Round(cpuSeconds / wallSeconds, 3), clientsCpuCores = Math.Round(sent.GetProperty("cpuCores").GetDouble(), 3),
                residentBeforeBytes = residentBefore, residentAfterBytes = Machine.ResidentBytes(), peakResidentBytes = Machine.PeakResidentBytes(),
            };
            Console.WriteLine($"stored {stored} of {attempted} ({result.storedPerSecond}/s, {result.lost} lost, {result.refused} refused), page saw {received}; " +
                              $"send→page p50 {result.p50Ms} ms, p95 {result.p95Ms} ms, p99 {result.p99Ms} ms" +
                              (warmup > TimeSpan.Zero ? $" (with the warm-up: {result.withWarmupP50Ms} / {result.withWarmupP95Ms} / {result.withWarmupP99Ms} ms)" : "") + $"; portal CPU {result.portalCpuCores} cores " +
                              $"(clients {result.clientsCpuCores}); load {loadBefore} → {result.loadAfter}");
            Console.WriteLine(JsonSerializer.Serialize(result));
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

    /// <summary>One run per agent, submitted through the API (at most 50 seeds per experiment).</summary>
    private static async Task SubmitRunsAsync(HarnessPortal portal, Uri address, int runs)
    {
        using var http = new HttpClient { BaseAddress = address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", portal.AdminToken());
        foreach (var seeds in Enumerable.Range(1, runs).Chunk(SpecValidator.MaxSeedsPerRequest))
        {
            var request = new ExperimentRequest
            {
                Name = "hub load",
                Seeds = [.. seeds],
                Spec = new ExperimentSpec
                {
                    Model = "tiny",
                    Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
                    Training = new TrainingSpec { Epochs = 1, BatchSize = 16 },
                },
            };
            using var submitted = await http.PostAsJsonAsync("/api/experiments", request, LabJson.Options);
            if (!submitted.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Submitting the runs failed: {(int)submitted.StatusCode} {await submitted.Content.ReadAsStringAsync()}");
            }
        }
    }

    private static Process StartClients(int port, int agents, int rate, int seconds, int batch, int spread)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Started as `dotnet LabPortal.Bench.Portal.dll` (as bench/README.md says) or through its own launcher.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in new[] { "hub-agents", "--port", $"{port}", "--agents", $"{agents}", "--rate", $"{rate}", "--seconds", $"{seconds}", "--batch", $"{batch}", "--spread", $"{spread}" })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine(e.Data);
            }
        };
        process.BeginErrorReadLine();
        return process;
    }
}
