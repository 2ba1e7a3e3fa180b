using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Tests;

/// <summary>An IProgress that records reports on the reporting thread (Progress&lt;T&gt; would post them later).</summary>
internal sealed class SynchronousProgress(List<ProgressReport> reports, Action<ProgressReport>? onReport = null) : IProgress<ProgressReport>
{
    public void Report(ProgressReport value)
    {
        reports.Add(value);
        onReport?.Invoke(value);
    }
}
