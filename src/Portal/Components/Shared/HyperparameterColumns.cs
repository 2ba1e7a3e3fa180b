using System.Globalization;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Components.Shared;

/// <summary>A hyperparameter a runs table can show as a column, read from the run's spec.</summary>
public sealed record HyperparameterColumn(string Key, string Title, Func<ExperimentSpec, string> Read);

/// <summary>The hyperparameters people compare runs by, as table columns (History's column chooser offers them).</summary>
public static class HyperparameterColumns
{
    public static IReadOnlyList<HyperparameterColumn> All { get; } =
    [
        new("learning-rate", "Learning rate", s => Number(TunedDefaults.Resolve(s).Training.LearningRate)),
        new("rank", "Rank r", s => Rank(s.Method)),
        new("alpha-beta", "C1 α / β", s => Rates(s.Method)),
        new("epochs", "Epochs", s => Number(s.Training.Epochs)),
        new("batch-size", "Batch size", s => Number(s.Training.BatchSize)),
        new("max-length", "Max length", s => Number(s.Training.MaxLength)),
        new("warmup", "Warm-up", s => Number(s.Training.WarmupRatio)),
        new("weight-decay", "Weight decay", s => Number(s.Training.WeightDecay)),
    ];

    /// <summary>Shown until the person chooses otherwise.</summary>
    public static IReadOnlySet<string> Default { get; } = new HashSet<string> { "learning-rate", "rank", "epochs" };

    /// <summary>C1's multiples of the base rate for A and B; other methods train both at the base rate.</summary>
    public static string Rates(MethodSpec method) =>
        method.Kind == MethodKind.EnhancedLora && method.AdaptiveLearningRates
            ? string.Create(CultureInfo.InvariantCulture, $"{method.LrScaleA:0.###} / {method.LrScaleB:0.###}")
            : "—";

    /// <summary>LoRA's rank; methods without adapters have none.</summary>
    public static string Rank(MethodSpec method) =>
        method.Kind is MethodKind.Lora or MethodKind.EnhancedLora ? Number(method.Rank) : "—";

    private static string Number(double? value) => value?.ToString("G4", CultureInfo.InvariantCulture) ?? "";
}
