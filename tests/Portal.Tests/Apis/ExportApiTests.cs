using System.Globalization;
using System.Net;
using System.Text.Json;
using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Apis;

public sealed class ExportApiTests : IDisposable
{
    private readonly PortalFactory _portal = new();
    private readonly HttpClient _client;

    public ExportApiTests() => _client = _portal.CreateClient();

    private RunStore Runs => _portal.Services.GetRequiredService<RunStore>();

    /// <summary>Submits an experiment as <paramref name="person"/> through the portal's own service; returns its run ids.</summary>
    private IReadOnlyList<int> Submit(string name, string person, MethodKind method, PresetKind preset = PresetKind.None, params int[] seeds)
    {
        var result = _portal.Services.GetRequiredService<ExperimentService>().Submit(DemoRequests.Of(name, new MethodSpec { Kind = method }, seeds, preset), person);
        return result.Experiment?.RunIds ?? throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Message)));
    }

    /// <summary>Stores a result on the run as an agent's completion would.</summary>
    private void Finish(int runId, ConfusionCounts counts, double trainSeconds) => Runs.Update(runId, run =>
    {
        run.State = RunState.Succeeded;
        run.Evaluation = counts;
        run.TrainSeconds = trainSeconds;
        run.TrainableParameters = 1234;
        run.EvaluationLoss = 0.25;
        return true;
    });

    private static double Number(string field) => double.Parse(field, CultureInfo.InvariantCulture);

    [Fact]
    public async Task History_csv_holds_every_run_the_filter_matches_with_its_stored_values()
    {
        var full = Submit("full, \"quoted\" sweep", "ana", MethodKind.Full, seeds: [.. Enumerable.Range(1, 30)]);
        Submit("head only", "ben", MethodKind.HeadOnly, seeds: [1, 2]);
        Finish(full[4], new ConfusionCounts(30, 10, 50, 10), 12.5);

        var response = await _client.GetAsync("/api/history.csv?method=full&sort=Seed&desc=false");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("history.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var records = CsvReader.Records(await response.Content.ReadAsStringAsync());
        Assert.Equal(full, records.Select(r => int.Parse(r["run_id"], CultureInfo.InvariantCulture)));
        var finished = records[4];
        var stored = Runs.Get(full[4])!;
        Assert.Equal("full, \"quoted\" sweep", finished["experiment"]);
        Assert.Equal(("Succeeded", "ana", "full", "tiny", "qqp"), (finished["state"], finished["created_by"], finished["method"], finished["model"], finished["task"]));
        Assert.Equal(stored.Evaluation!.Accuracy, Number(finished["accuracy"]));
        Assert.Equal(stored.Evaluation.Mcc, Number(finished["mcc"]));
        Assert.Equal(12.5, Number(finished["train_seconds"]));
        Assert.Equal("", records[0]["accuracy"]);
    }

    [Fact]
    public async Task History_json_has_the_same_runs_as_objects()
    {
        var ids = Submit("json", "ana", MethodKind.Lora, seeds: [1, 2]);
        Finish(ids[1], new ConfusionCounts(5, 1, 3, 1), 2);

        var response = await _client.GetAsync("/api/history.json?person=ana");

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        var rows = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().ToList();
        Assert.Equal([ids[1], ids[0]], rows.Select(r => r.GetProperty("run_id").GetInt32()));
        Assert.Equal(Runs.Get(ids[1])!.Evaluation!.F1, rows[0].GetProperty("f1").GetDouble());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("f1").ValueKind);
    }

    [Theory]
    [InlineData("/api/history.csv?state=Bogus", "state: 'Bogus' is not a run state")]
    [InlineData("/api/history.json?from=yesterday", "from: 'yesterday' is not a date")]
    [InlineData("/api/compare.csv?runs=1,two", "runs: 'two' is not a run id")]
    [InlineData("/api/compare.csv", "runs: name the runs to compare")]
    public async Task A_bad_query_value_answers_400_naming_it(string path, string message)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith(message, problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/api/runs/4242/points.csv", "Run 4242 does not exist.")]
    [InlineData("/api/experiments/4242/table.json", "Experiment 4242 does not exist.")]
    [InlineData("/api/compare.json?runs=4242", "No run 4242: it does not exist.")]
    public async Task An_unknown_id_answers_404_naming_it(string path, string message)
    {
        Submit("something", "ana", MethodKind.Full, seeds: [1]);

        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(message, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_runs_points_csv_has_one_row_per_report_with_its_values()
    {
        var runId = Submit("points", "ana", MethodKind.Full, seeds: [1])[0];
        _portal.Services.GetRequiredService<MetricStore>().Append(runId, 1,
        [
            TestLab.TrainReport(1, 10, 40, 0.693),
            TestLab.TrainReport(2, 20, 40, 0.512),
            new ProgressReport { Sequence = 3, Kind = ProgressKind.Eval, Step = 20, TotalSteps = 40, Evaluation = new ConfusionCounts(8, 2, 7, 3) },
        ]);

        var response = await _client.GetAsync($"/api/runs/{runId}/points.csv");

        Assert.Equal($"run-{runId}-points.csv", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        var records = CsvReader.Records(await response.Content.ReadAsStringAsync());
        Assert.Equal(["Train", "Train", "Eval"], records.Select(r => r["kind"]));
        Assert.Equal([0.693, 0.512], records.Take(2).Select(r => Number(r["loss"])));
        Assert.Equal(new ConfusionCounts(8, 2, 7, 3).Mcc, Number(records[2]["mcc"]));
        Assert.Equal("8", records[2]["tp"]);

        var json = JsonDocument.Parse(await _client.GetStringAsync($"/api/runs/{runId}/points.json")).RootElement.EnumerateArray().ToList();
        Assert.Equal([0.693, 0.512], json.Take(2).Select(p => p.GetProperty("loss").GetDouble()));
        Assert.Equal(JsonValueKind.Null, json[2].GetProperty("loss").ValueKind);
    }

    [Fact]
    public async Task An_experiment_table_export_has_one_row_per_variant_with_mean_and_spread_then_the_papers_rows()
    {
        var ids = Submit("methods", "ana", MethodKind.Lora, PresetKind.MethodComparison, 1, 2);
        var lora = ids.Select(id => Runs.Get(id)!).Where(r => r.Variant == ExperimentTable.Baseline).ToList();
        Finish(lora[0].Id, new ConfusionCounts(40, 10, 40, 10), 10);
        Finish(lora[1].Id, new ConfusionCounts(45, 5, 45, 5), 20);

        var csv = CsvReader.Records(await _client.GetStringAsync($"/api/experiments/{Runs.Get(ids[0])!.ExperimentId}/table.csv"));
        var json = JsonDocument.Parse(await _client.GetStringAsync($"/api/experiments/{Runs.Get(ids[0])!.ExperimentId}/table.json")).RootElement;

        var expected = ExperimentTable.Measured(ids.Select(id => Runs.Get(id)!).ToList());
        var reported = ExperimentTable.Reported(PresetKind.MethodComparison);
        Assert.Equal(expected.Select(r => r.Variant).Concat(reported.Select(r => r.Variant)), csv.Select(r => r["variant"]));
        Assert.Equal(Enumerable.Repeat("false", expected.Count).Concat(Enumerable.Repeat("true", reported.Count)), csv.Select(r => r["reported"].ToLowerInvariant()));
        var row = csv.Single(r => r["variant"] == ExperimentTable.Baseline);
        Assert.Equal(("2", "2"), (row["seeds_done"], row["seeds_total"]));
        Assert.Equal(0.85, Number(row["accuracy_mean"]), 12);
        Assert.Equal(expected.Single(r => r.Variant == ExperimentTable.Baseline).Accuracy!.StandardDeviation!.Value, Number(row["accuracy_std"]), 6);
        Assert.Equal(expected.Count + reported.Count, json.GetArrayLength());
        Assert.Equal(15.0, json.EnumerateArray().Single(r => r.GetProperty("variant").GetString() == ExperimentTable.Baseline).GetProperty("mean_train_seconds").GetDouble());
    }

    [Fact]
    public async Task A_compare_csv_lists_the_runs_in_the_order_asked_with_their_metrics()
    {
        var ids = Submit("compare", "ana", MethodKind.Full, seeds: [1, 2]);
        Finish(ids[0], new ConfusionCounts(30, 10, 50, 10), 3);
        Finish(ids[1], new ConfusionCounts(35, 5, 55, 5), 4);

        var response = await _client.GetAsync($"/api/compare.csv?runs={ids[1]},{ids[0]}");

        var records = CsvReader.Records(await response.Content.ReadAsStringAsync());
        Assert.Equal([ids[1].ToString(CultureInfo.InvariantCulture), ids[0].ToString(CultureInfo.InvariantCulture)], records.Select(r => r["run_id"]));
        Assert.Equal(Runs.Get(ids[1])!.Evaluation!.Precision, Number(records[0]["precision"]));
        Assert.Equal(Runs.Get(ids[0])!.Evaluation!.Recall, Number(records[1]["recall"]));
        Assert.Equal("1234", records[0]["trainable_parameters"]);
    }

    [Fact]
    public async Task Runs_that_chose_their_checkpoint_on_the_reported_file_say_so_in_every_export()
    {
        var honest = Submit("honest", "ana", MethodKind.Lora, seeds: [1]);
        var request = DemoRequests.Of("on dev", new MethodSpec { Kind = MethodKind.Lora }, [1]);
        request = request with
        {
            Spec = request.Spec with
            {
                Training = request.Spec.Training with { SelectionSplit = 0, BestMetric = CheckpointMetric.Accuracy, AllowSelectionOnEvaluation = true },
            },
        };
        var onDev = _portal.Services.GetRequiredService<ExperimentService>().Submit(request, "ana").Experiment!.RunIds;
        Finish(honest[0], new ConfusionCounts(30, 10, 50, 10), 3);
        Finish(onDev[0], new ConfusionCounts(35, 5, 55, 5), 4);

        var history = CsvReader.Records(await _client.GetStringAsync("/api/history.csv?sort=Created&desc=false"));
        var compare = CsvReader.Records(await _client.GetStringAsync($"/api/compare.csv?runs={honest[0]},{onDev[0]}"));
        var table = CsvReader.Records(await _client.GetStringAsync($"/api/experiments/{Runs.Get(onDev[0])!.ExperimentId}/table.csv"));

        Assert.Equal(["false", "true"], history.Select(r => r["selected_on_evaluation"]));
        Assert.Equal(["false", "true"], compare.Select(r => r["selected_on_evaluation"]));
        Assert.Equal("true", Assert.Single(table)["selected_on_evaluation"]);
    }

    public void Dispose()
    {
        _client.Dispose();
        _portal.Dispose();
    }
}
