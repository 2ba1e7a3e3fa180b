namespace LabPortal.Agent.Data.Glue;

/// <summary>The GLUE tasks the lab trains on, and so the ones <c>data glue</c> can fetch.</summary>
public enum GlueTask
{
    Qqp,
    Mrpc,
}

public static class GlueTasks
{
    public static IReadOnlyList<GlueTask> All { get; } = Enum.GetValues<GlueTask>();

    /// <summary>The task's name on the command line and its folder under the output: qqp, mrpc.</summary>
    public static string NameOf(GlueTask task) => task switch
    {
        GlueTask.Qqp => "qqp",
        GlueTask.Mrpc => "mrpc",
        _ => throw new ArgumentOutOfRangeException(nameof(task), task, "Not a GLUE task this lab reads."),
    };
}
