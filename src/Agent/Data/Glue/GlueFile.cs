namespace LabPortal.Agent.Data.Glue;

/// <summary>One file of a task's folder after <c>data glue</c>: written now, or kept because it was there.</summary>
public sealed record GlueFile(GlueTask Task, string Path, bool Written);
