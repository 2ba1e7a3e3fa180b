using System.Globalization;
using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Commands;

/// <summary>Writes each progress report as one line, at once (reports come from the training thread, in order).</summary>
public sealed class ConsoleProgress(TextWriter log) : IProgress<ProgressReport>
{
    public void Report(ProgressReport value)
    {
        var line = value.Kind == ProgressKind.Eval
            ? $"eval  epoch {value.Epoch:0.##}  step {value.Step}/{value.TotalSteps}  loss {value.Loss:F4}  accuracy {value.Evaluation?.Accuracy:F4}  f1 {value.Evaluation?.F1:F4}"
            : $"step {value.Step}/{value.TotalSteps}  loss {value.Loss:F4}  lr {Rate(value.LearningRate)}  lr_A {Rate(value.LearningRateA)}  lr_B {Rate(value.LearningRateB)}  {value.ExamplesPerSecond:F1} ex/s";
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{TrainCommand.Name}: {line}"));
    }

    private static string Rate(double? rate) => rate?.ToString("0.00e+00", CultureInfo.InvariantCulture) ?? "-";
}
