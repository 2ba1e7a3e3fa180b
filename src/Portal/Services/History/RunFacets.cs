using System.Text.Json;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared;

namespace LabPortal.Portal.Services.History;

/// <summary>
/// Copies the spec fields history filters on (model, task, method) onto the run, as the spec spells them, and whether
/// its numbers were selected on evaluation data.
/// </summary>
public static class RunFacets
{
    public static void CopyFromSpec(RunRecord run)
    {
        using var spec = JsonDocument.Parse(run.SpecJson);
        var root = spec.RootElement;
        run.Model = Text(root, "model");
        run.Task = root.TryGetProperty("dataset", out var dataset) ? Text(dataset, "task") : "";
        run.Method = root.TryGetProperty("method", out var method) ? Text(method, "kind") : "";
        run.SelectedOnEvaluation = ModelSelection.SelectsOnEvaluation(LabJson.Deserialize<ExperimentSpec>(run.SpecJson));
    }

    private static string Text(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : "";
}
