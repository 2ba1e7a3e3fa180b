using LabPortal.Agent.Runs;
using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Commands;

/// <summary>Writes each progress report as one line, at once (reports come from the training thread, in order).</summary>
public sealed class ConsoleProgress(TextWriter log) : IProgress<ProgressReport>
{
    public void Report(ProgressReport value) => log.WriteLine($"{TrainCommand.Name}: {ProgressLine.Format(value)}");
}
