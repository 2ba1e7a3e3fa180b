using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services;

/// <summary>What a progress report must satisfy before the portal stores it.</summary>
public static class ProgressReportRules
{
    public static void Check(ProgressReport report, int runId)
    {
        string? problem = report switch
        {
            { Sequence: < 1 } => $"sequence {report.Sequence} is below 1",
            { Step: < 0 } => $"step {report.Step} is negative",
            { TotalSteps: < 0 } => $"total steps {report.TotalSteps} is negative",
            _ when report.Step > report.TotalSteps => $"step {report.Step} is beyond the total of {report.TotalSteps}",
            _ when !IsFiniteOrNull(report.Loss) => "the loss is not a finite number",
            _ when !IsFiniteOrNull(report.ExamplesPerSecond) => "the throughput is not a finite number",
            _ when !double.IsFinite(report.Epoch) || report.Epoch < 0 => $"epoch {report.Epoch} is not a non-negative number",
            _ => null,
        };
        if (problem is not null)
        {
            throw new AgentReportRejectedException($"Run {runId}: report {report.Sequence} refused: {problem}.");
        }
    }

    private static bool IsFiniteOrNull(double? value) => value is null || double.IsFinite(value.Value);
}
