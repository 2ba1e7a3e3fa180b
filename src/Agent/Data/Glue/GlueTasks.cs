using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Data.Glue;

/// <summary>
/// The tasks <c>data glue</c> can fetch: every GLUE task the lab trains, in GLUE's order (<see cref="TaskFacts.Glue"/>),
/// each into a folder named as specs name the task, which is where the glue-suite preset looks for its files.
/// </summary>
public static class GlueTasks
{
    public static IReadOnlyList<TaskKind> All => TaskFacts.Glue;

    /// <summary>The task's name on the command line and its folder under the output: cola, sst2, mrpc, …</summary>
    public static string NameOf(TaskKind task) => LabJson.NameOf(task);

    /// <summary>What the task's folder gets: train.tsv and dev.tsv, and for MNLI also dev_mismatched.tsv.</summary>
    public static IReadOnlyList<string> FilesOf(TaskKind task) => GlueZip.For(task)?.Files.Select(f => f.File).ToList() ?? ["train.tsv", "dev.tsv"];
}
