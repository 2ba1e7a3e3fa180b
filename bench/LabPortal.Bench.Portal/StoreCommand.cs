using System.Diagnostics;
using System.Text.Json;
using LabPortal.Bench;
using LabPortal.Portal.Services.History;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Bench.Portal;

/// <summary>
/// <c>store</c>: a LiteDB file with 10,000 runs and 1,000,000 metric points, then the history page's queries (the
/// portal's RunHistory service, 50 rows a page) and run-chart loads (MetricStore.ListForRun) timed over repeats.
/// </summary>
public static class StoreCommand
{
    private static readonly string[] People = ["ana", "ben", "chen", "dana"];
    private static readonly string[] Models = ["minilm", "tiny", "arctic-xs"];
    private static readonly string[] Tasks = ["qqp", "mrpc", "custom"];
    private static readonly string[] Methods = ["lora", "enhanced-lora", "full", "head-only"];

    // A stored run carries its whole spec (about 1.5 KB), which is what makes reading runs from the file cost.
    private static readonly string SpecJson = JsonSerializer.Serialize(new ExperimentSpec(), LabJson.Options);

    public static Task<int> RunAsync(string[] args)
    {
        var (options, exitCode) = Options.Parse("store", "LiteDB at scale: stores runs and points, then times the History queries.", args, ("runs", 10_000, "Runs to store"), ("repeats", 20, "Timed repeats of each query"),
            ("point-runs", 900, "Runs of 1,000 points each (900: with the longer runs, 1.1 M points; 9,900: 10.1 M)"));
        if (options is null)
        {
            return Task.FromResult(exitCode);
        }

        var (runCount, repeats, shortRuns) = (options["runs"], options["repeats"], options["point-runs"]);
        var folder = Directory.CreateTempSubdirectory("labportal-bench-store-").FullName;
        try
        {
            using var db = new LabDatabase(Path.Combine(folder, "lab.db"));
            var runs = new RunStore(db);
            var history = new RunHistory(db, runs, new LiveUpdates(), TimeProvider.System);
            var metrics = new MetricStore(db);

            var filling = Stopwatch.StartNew();
            db.InTransaction(() => db.Runs.InsertBulk(Enumerable.Range(0, runCount).Select(MakeRun)));
            // By default 900 runs × 1,000 points + 10 runs × 10,000 points = 1,000,000 points, and one long run of 100,000.
            var pointRuns = Enumerable.Range(1, shortRuns).Select(id => (id, 1_000))
                .Concat(Enumerable.Range(shortRuns + 1, 10).Select(id => (id, 10_000))).Append((id: shortRuns + 11, 100_000)).ToList();
            foreach (var chunk in pointRuns.Chunk(10))
            {
                db.InTransaction(() => db.Points.InsertBulk(chunk.SelectMany(r => MakePoints(r.id, r.Item2))));
            }

            var points = db.Points.LongCount();
            var fileBytes = new FileInfo(Path.Combine(folder, "lab.db")).Length;
            Console.WriteLine($"filled {runCount} runs, {points:N0} points in {filling.Elapsed.TotalSeconds:F0} s; file {fileBytes / 1e6:F0} MB (load {Machine.LoadAverage()})");

            var from = new DateOnly(2026, 11, 3);
            var queries = new (string Name, HistoryFilter Filter, HistorySort Sort, bool Descending, int Skip)[]
            {
                ("newest first, page 1", new HistoryFilter(), HistorySort.Created, true, 0),
                ("newest first, page 100", new HistoryFilter(), HistorySort.Created, true, 4_950),
                ("one model", new HistoryFilter { Model = "minilm" }, HistorySort.Created, true, 0),
                ("person and method", new HistoryFilter { CreatedBy = "ben", Method = "enhanced-lora" }, HistorySort.Created, true, 0),
                ("tag", new HistoryFilter { Tag = "baseline" }, HistorySort.Created, true, 0),
                ("state", new HistoryFilter { State = RunState.Succeeded }, HistorySort.Created, true, 0),
                ("two days", new HistoryFilter { CreatedFrom = from, CreatedTo = from.AddDays(1) }, HistorySort.Created, true, 0),
                ("text search", new HistoryFilter { Search = "spiked" }, HistorySort.Created, true, 0),
                ("sort by accuracy", new HistoryFilter(), HistorySort.Accuracy, true, 0),
                ("sort by experiment", new HistoryFilter(), HistorySort.Experiment, false, 0),
            };

            var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            var loading = Stopwatch.StartNew();
            history.Choices(); // the first query reads every run's history facets into memory
            var indexLoadMs = loading.Elapsed.TotalMilliseconds;
            var indexBytes = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
            Console.WriteLine($"history index loaded from {runCount} runs in {indexLoadMs:F0} ms, managed heap +{indexBytes / 1e6:F1} MB (load {Machine.LoadAverage()})");

            var all = new List<double>();
            var rows = new List<object>();
            foreach (var (name, filter, sort, descending, skip) in queries)
            {
                var total = history.Find(filter, sort, descending, skip, 50).Total; // warm-up
                var times = Repeat(repeats, () => history.Find(filter, sort, descending, skip, 50));
                all.AddRange(times);
                rows.Add(new { query = name, matching = total, p50Ms = Percentiles.Of(times, 50), p95Ms = Percentiles.Of(times, 95) });
                Console.WriteLine($"history '{name}' ({total} matching): p50 {Percentiles.Of(times, 50)} ms, p95 {Percentiles.Of(times, 95)} ms");
            }

            var charts = new List<object>();
            foreach (var runId in new[] { 1, shortRuns + 1, shortRuns + 11 })
            {
                var count = metrics.ListForRun(runId).Count;
                var times = Repeat(Math.Max(repeats / 2, 3), () => metrics.ListForRun(runId));
                charts.Add(new { runId, points = count, p50Ms = Percentiles.Of(times, 50), p95Ms = Percentiles.Of(times, 95) });
                Console.WriteLine($"run chart of run {runId} ({count} points): p50 {Percentiles.Of(times, 50)} ms, p95 {Percentiles.Of(times, 95)} ms");
            }

            Console.WriteLine($"history, all queries: p50 {Percentiles.Of(all, 50)} ms, p95 {Percentiles.Of(all, 95)} ms (target < 100 ms)");
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                runs = runCount, points, fileBytes, repeats, load = Machine.LoadAverage(), indexLoadMs, indexBytes,
                historyP50Ms = Percentiles.Of(all, 50), historyP95Ms = Percentiles.Of(all, 95), history = rows, charts,
            }));
            return Task.FromResult(0);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<double> Repeat<T>(int times, Func<T> action)
    {
        var result = new List<double>();
        for (var i = 0; i < times; i++)
        {
            var watch = Stopwatch.StartNew();
            GC.KeepAlive(action());
            result.Add(watch.Elapsed.TotalMilliseconds);
        }

        return result;
    }

    private static RunRecord MakeRun(int i) => new()
    {
        ExperimentId = (i / 8) + 1,
        ExperimentName = $"experiment {i / 8:00000}",
        Variant = Methods[i % 4],
        Seed = i % 5,
        SpecJson = SpecJson,
        State = i % 9 == 0 ? RunState.Failed : i % 4 == 0 ? RunState.Canceled : RunState.Succeeded,
        CreatedBy = People[i % 4],
        Model = Models[i % 3],
        Task = Tasks[i / 5 % 3],
        Method = Methods[i % 4],
        CreatedAt = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(3 * i),
        Tags = i % 12 == 0 ? ["baseline"] : [],
        Notes = i % 250 == 0 ? $"loss spiked at step {i % 700}" : "",
        Evaluation = i % 2 == 0 ? new ConfusionCounts(100 + (i % 37), 20 + (i % 11), 150 + (i % 23), 30 + (i % 7)) : null,
    };

    private static IEnumerable<MetricPoint> MakePoints(int runId, int count) => Enumerable.Range(0, count).Select(s => new MetricPoint
    {
        Id = MetricPoint.KeyOf(runId, 1, s),
        RunId = runId,
        Attempt = 1,
        Sequence = s,
        Time = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(s),
        Kind = s % 50 == 49 ? ProgressKind.Eval : ProgressKind.Train,
        Step = s,
        TotalSteps = count,
        Epoch = (double)s / count,
        Loss = 0.7 - (0.4 * s / count),
        LearningRate = 5e-4,
        ExamplesPerSecond = 80,
    });
}
