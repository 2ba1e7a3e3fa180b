using LabPortal.Portal.Services.Experiments;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Services.Export;

/// <summary>The GLUE table's columns: the method, each task's mean, std and seeds done, then the GLUE average.</summary>
public static class GlueColumns
{
    public static IReadOnlyList<ExportColumn<GlueRow>> All { get; } =
    [
        new("method", r => r.Method),
        .. TaskFacts.Glue.SelectMany(Task),
        new("glue_average", r => VariantColumns.Rounded(r.Average)),
        new("all_tasks_scored", r => r.Complete),
    ];

    private static IEnumerable<ExportColumn<GlueRow>> Task(TaskKind task)
    {
        var name = LabJson.NameOf(task);
        GlueCell Cell(GlueRow row) => row.Cells.Single(c => c.Task == task);
        return
        [
            new($"{name}_mean", r => VariantColumns.Rounded(Cell(r).Score?.Mean)),
            new($"{name}_std", r => VariantColumns.Rounded(Cell(r).Score?.StandardDeviation)),
            new($"{name}_seeds_done", r => Cell(r).Finished),
        ];
    }
}
