using System.Globalization;
using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Runs;

/// <summary>One progress report as the line the agent prints (the train command's console and the portal's run log).</summary>
public static class ProgressLine
{
    public static string Format(ProgressReport report) => report switch
    {
        { Kind: ProgressKind.Eval, Regression: { } regression } => string.Create(CultureInfo.InvariantCulture,
            $"eval  epoch {report.Epoch:0.##}  step {report.Step}/{report.TotalSteps}  loss {report.Loss:F4}  pearson {regression.Pearson:F4}  spearman {regression.Spearman:F4}"),
        { Kind: ProgressKind.Eval } => string.Create(CultureInfo.InvariantCulture,
            $"eval  epoch {report.Epoch:0.##}  step {report.Step}/{report.TotalSteps}  loss {report.Loss:F4}  accuracy {report.Evaluation?.Accuracy:F4}  f1 {report.Evaluation?.F1:F4}"),
        _ => string.Create(CultureInfo.InvariantCulture,
            $"step {report.Step}/{report.TotalSteps}  loss {report.Loss:F4}  lr {Rate(report.LearningRate)}  lr_A {Rate(report.LearningRateA)}  lr_B {Rate(report.LearningRateB)}  {report.ExamplesPerSecond:F1} ex/s"),
    };

    private static string Rate(double? rate) => rate?.ToString("0.00e+00", CultureInfo.InvariantCulture) ?? "-";
}
