using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>How many of an experiment's runs stand where in their life; an assigned run counts as running.</summary>
public sealed record RunCounts(int Queued, int Running, int Succeeded, int Failed, int Canceled)
{
    public int Total => Queued + Running + Succeeded + Failed + Canceled;

    /// <summary>Runs that can change no more, whatever their end.</summary>
    public int Finished => Succeeded + Failed + Canceled;

    public static RunCounts Of(IReadOnlyList<RunRecord> runs) => new(
        runs.Count(r => r.State == RunState.Queued),
        runs.Count(r => r.State is RunState.Assigned or RunState.Running),
        runs.Count(r => r.State == RunState.Succeeded),
        runs.Count(r => r.State == RunState.Failed),
        runs.Count(r => r.State == RunState.Canceled));

    /// <summary>The counts that are not zero, ends first: "2 succeeded · 1 failed · 1 running · 8 queued".</summary>
    public override string ToString()
    {
        (int Count, string Name)[] parts =
            [(Succeeded, "succeeded"), (Failed, "failed"), (Canceled, "canceled"), (Running, "running"), (Queued, "queued")];
        return string.Join(" · ", parts.Where(p => p.Count > 0).Select(p => $"{p.Count} {p.Name}"));
    }
}
