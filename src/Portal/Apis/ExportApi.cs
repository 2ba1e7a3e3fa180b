using System.Text;
using LabPortal.Portal.Services.Compare;
using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Services.Export;
using LabPortal.Portal.Services.History;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Apis;

/// <summary>Every table of the portal as a CSV or JSON download: history, an experiment's table, compare, a run's points.</summary>
public static class ExportApi
{
    private const string Format = "{format:regex(^(csv|json)$)}";

    public static IEndpointRouteBuilder MapExportApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapGet($"/history.{Format}", (string format, HttpRequest request, RunHistory history) =>
            HistoryQuery.Parse(request.Query, out var error) is { } query
                ? Send(ExportTable.Of(history.All(query.Filter, query.Sort, query.Descending), RunColumns.History), format, "history")
                : BadRequest(error));

        api.MapGet($"/experiments/{{id:int}}/table.{Format}", (int id, string format, ExperimentStore experiments, RunStore runs, ArtifactStore artifacts) =>
        {
            if (experiments.Get(id) is not { } experiment)
            {
                return NotFound($"Experiment {id} does not exist.");
            }

            var list = runs.ListForExperiment(id).ToDictionary(r => r.Id);
            var rows = ExperimentTable.Rows([.. list.Values], experiment.Preset, runId => PredictionFiles.Decisions(artifacts, list[runId]));
            return Send(ExportTable.Of(rows, VariantColumns.Against(ExperimentTable.DefaultBaseline(rows))), format, $"experiment-{id}-table");
        });

        api.MapGet($"/experiments/{{id:int}}/glue.{Format}", (int id, string format, ExperimentStore experiments, RunStore runs) =>
            experiments.Get(id) is null
                ? NotFound($"Experiment {id} does not exist.")
                : Send(ExportTable.Of(GlueTable.Of(runs.ListForExperiment(id)), GlueColumns.All), format, $"experiment-{id}-glue"));

        api.MapGet($"/runs/{{id:int}}/points.{Format}", (int id, string format, RunStore runs, MetricStore metrics) =>
            runs.Get(id) is null
                ? NotFound($"Run {id} does not exist.")
                : Send(ExportTable.Of(metrics.ListForRun(id), PointColumns.All), format, $"run-{id}-points"));

        api.MapGet($"/compare.{Format}", (string format, string? runs, RunSelection selection) =>
        {
            if (RunSelection.ParseIds(runs, out var error) is not { } ids)
            {
                return BadRequest(error);
            }

            var (found, missing) = selection.Load(ids);
            return missing.Count > 0
                ? NotFound($"No run {string.Join(", ", missing)}: {(missing.Count == 1 ? "it does" : "they do")} not exist.")
                : Send(ExportTable.Of(found, RunColumns.Compare), format, $"compare-{string.Join('-', ids)}");
        });

        return app;
    }

    private static IResult Send(ExportTable table, string format, string name) => format == "csv"
        ? Results.File(Encoding.UTF8.GetBytes(table.ToCsv()), "text/csv; charset=utf-8", $"{name}.csv")
        : Results.File(Encoding.UTF8.GetBytes(table.ToJson()), "application/json; charset=utf-8", $"{name}.json");

    private static IResult BadRequest(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "A query parameter is not valid.");

    private static IResult NotFound(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found.");
}
