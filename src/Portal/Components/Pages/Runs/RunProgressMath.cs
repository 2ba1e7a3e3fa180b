namespace LabPortal.Portal.Components.Pages.Runs;

/// <summary>Progress figures a run page shows, computed from the run's steps and clock.</summary>
public static class RunProgressMath
{
    public static double Percent(int step, int totalSteps) =>
        totalSteps <= 0 ? 0 : Math.Clamp(100.0 * step / totalSteps, 0, 100);

    /// <summary>Time left at the pace so far; null until a step has been taken.</summary>
    public static TimeSpan? Eta(int step, int totalSteps, DateTime? startedAt, DateTime now)
    {
        if (startedAt is null || step <= 0 || totalSteps <= step)
        {
            return step >= totalSteps && totalSteps > 0 ? TimeSpan.Zero : null;
        }

        var elapsed = now - startedAt.Value;
        return elapsed <= TimeSpan.Zero ? null : elapsed / step * (totalSteps - step);
    }

    public static string FormatDuration(TimeSpan? span) => span switch
    {
        null => "–",
        { TotalHours: >= 1 } s => $"{(int)s.TotalHours}h {s.Minutes:00}m",
        { TotalMinutes: >= 1 } s => $"{s.Minutes}m {s.Seconds:00}s",
        var s => $"{s.Value.Seconds}s",
    };
}
