using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Data.Glue;

/// <summary>One file of a task's folder after <c>data glue</c>: written now, or kept because it was there.</summary>
/// <param name="Examples">What the task's reader found in the written file; null for a kept one (not read).</param>
public sealed record GlueFile(TaskKind Task, string Path, int? Examples)
{
    public bool Written => Examples is not null;
}
