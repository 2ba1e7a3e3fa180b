using System.Globalization;
using System.Text.Json;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Commands;

/// <summary>
/// The <c>train</c> options that set spec fields, named as the issue names them (<c>--lora-r</c>, <c>--learning-rate</c>,
/// <c>--no-adaptive-lr</c> for C1 off, …), one name per field; values are parsed here, ranges are the validator's job.
/// </summary>
public static class TrainFlags
{
    public static IReadOnlyList<TrainFlag> All { get; } =
    [
        new("task", "dataset.task", (s, v) => s with { Dataset = s.Dataset with { Task = Enum<TaskKind>("task", v) } }),
        new("train-file", "dataset.trainFile", (s, v) => s with { Dataset = s.Dataset with { TrainFile = v } }),
        new("validation-file", "dataset.validationFile", (s, v) => s with { Dataset = s.Dataset with { ValidationFile = v } }),
        new("format", "dataset.format", (s, v) => s with { Dataset = s.Dataset with { Format = Enum<DatasetFormat>("format", v) } }),
        new("text-a-column", "dataset.textAColumn", (s, v) => s with { Dataset = s.Dataset with { TextAColumn = v } }),
        new("text-b-column", "dataset.textBColumn", (s, v) => s with { Dataset = s.Dataset with { TextBColumn = v } }),
        new("label-column", "dataset.labelColumn", (s, v) => s with { Dataset = s.Dataset with { LabelColumn = v } }),
        new("model", "model", (s, v) => s with { Model = v }),
        new("head", "head.kind", (s, v) => s with { Head = s.Head with { Kind = Enum<HeadKind>("head", v) } }),
        new("pooling", "head.pooling", (s, v) => s with { Head = s.Head with { Pooling = Enum<PoolingKind>("pooling", v) } }),
        new("method", "method.kind", (s, v) => s with { Method = s.Method with { Kind = Enum<MethodKind>("method", v) } }),
        new("lora-r", "method.rank", (s, v) => s with { Method = s.Method with { Rank = Int("lora-r", v) } }),
        new("lora-alpha", "method.alpha", (s, v) => s with { Method = s.Method with { Alpha = Number("lora-alpha", v) } }),
        new("dropout", "method.dropout", (s, v) => s with { Method = s.Method with { Dropout = Number("dropout", v) } }),
        new("target-modules", "method.targetModules", (s, v) => s with { Method = s.Method with { TargetModules = v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) } }),
        // C1's ratio β/α with α = 1, as the issue states it; --lr-scale-a/-b set the two separately.
        new("lr-ratio", "method.lrScaleB", (s, v) => s with { Method = s.Method with { LrScaleA = 1, LrScaleB = Number("lr-ratio", v) } }),
        new("lr-scale-a", "method.lrScaleA", (s, v) => s with { Method = s.Method with { LrScaleA = Number("lr-scale-a", v) } }),
        new("lr-scale-b", "method.lrScaleB", (s, v) => s with { Method = s.Method with { LrScaleB = Number("lr-scale-b", v) } }),
        new("no-adaptive-lr", "method.adaptiveLearningRates", (s, _) => s with { Method = s.Method with { AdaptiveLearningRates = false } }, IsSwitch: true),
        new("no-lowrank-init", "method.decompositionInit", (s, _) => s with { Method = s.Method with { DecompositionInit = false } }, IsSwitch: true),
        new("no-match-score", "method.densityMatching", (s, _) => s with { Method = s.Method with { DensityMatching = false } }, IsSwitch: true),
        new("gamma", "method.gamma", (s, v) => s with { Method = s.Method with { Gamma = Number("gamma", v) } }),
        new("delta", "method.delta", (s, v) => s with { Method = s.Method with { Delta = Number("delta", v) } }),
        new("epochs", "training.epochs", (s, v) => s with { Training = s.Training with { Epochs = Int("epochs", v) } }),
        new("batch-size", "training.batchSize", (s, v) => s with { Training = s.Training with { BatchSize = Int("batch-size", v) } }),
        new("learning-rate", "training.learningRate", (s, v) => s with { Training = s.Training with { LearningRate = Number("learning-rate", v) } }),
        new("weight-decay", "training.weightDecay", (s, v) => s with { Training = s.Training with { WeightDecay = Number("weight-decay", v) } }),
        new("selection-split", "training.selectionSplit", (s, v) => s with { Training = s.Training with { SelectionSplit = Number("selection-split", v) } }),
        new("allow-selection-on-evaluation", "training.allowSelectionOnEvaluation", (s, _) => s with { Training = s.Training with { AllowSelectionOnEvaluation = true } }, IsSwitch: true),
        new("best-metric", "training.bestMetric", (s, v) => s with { Training = s.Training with { BestMetric = Enum<CheckpointMetric>("best-metric", v) } }),
        new("early-stopping-patience", "training.earlyStoppingPatience", (s, v) => s with { Training = s.Training with { EarlyStoppingPatience = Int("early-stopping-patience", v) } }),
        new("eval-every", "training.evalEverySteps", (s, v) => s with { Training = s.Training with { EvalEverySteps = Int("eval-every", v) } }),
        new("max-seq-length", "training.maxLength", (s, v) => s with { Training = s.Training with { MaxLength = Int("max-seq-length", v) } }),
        new("log-every", "training.logEverySteps", (s, v) => s with { Training = s.Training with { LogEverySteps = Int("log-every", v) } }),
        new("seed", "seed", (s, v) => s with { Seed = Int("seed", v) }),
    ];

    /// <summary>The flag that sets a field, for pointing a validation error at the command line.</summary>
    public static TrainFlag? ForField(string field) => All.FirstOrDefault(f => f.Field == field);

    public static int Int(string flag, string text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ArgumentException($"--{flag} must be a whole number (got '{text}').");

    public static double Number(string flag, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new ArgumentException($"--{flag} must be a number (got '{text}').");

    /// <summary>An enum value's JSON name, as specs spell it.</summary>
    public static string JsonName<T>(T value) where T : struct, System.Enum => LabJson.Serialize(value).Trim('"');

    /// <summary>An enum by its JSON name ("enhanced-lora", "qqp"), the spelling specs use.</summary>
    private static T Enum<T>(string flag, string text) where T : struct, System.Enum
    {
        try
        {
            return LabJson.Deserialize<T>(JsonSerializer.Serialize(text));
        }
        catch (JsonException)
        {
            var names = System.Enum.GetValues<T>().Select(JsonName);
            throw new ArgumentException($"--{flag} must be one of {string.Join(", ", names)} (got '{text}').");
        }
    }
}
