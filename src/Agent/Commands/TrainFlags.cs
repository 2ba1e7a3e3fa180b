using System.Globalization;
using System.Text.Json;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Commands;

/// <summary>
/// The <c>train</c> options that set spec fields (<c>--lora-r</c>, <c>--learning-rate</c>, <c>--no-adaptive-lr</c> for
/// C1 off, …), one name per field; values are parsed here, ranges are the validator's job.
/// </summary>
public static class TrainFlags
{
    /// <summary>What a spec holds when a flag is not given, for the help texts.</summary>
    private static readonly ExperimentSpec Defaults = new();

    public static IReadOnlyList<TrainFlag> All { get; } =
    [
        new("task", "dataset.task", $"The dataset's task: {Names<TaskKind>()}.", (s, v) => s with { Dataset = s.Dataset with { Task = Enum<TaskKind>("task", v) } }),
        new("train-file", "dataset.trainFile", "The training file (TSV).", (s, v) => s with { Dataset = s.Dataset with { TrainFile = v } }),
        new("validation-file", "dataset.validationFile", "The file evaluated for the report (TSV); never used to select.", (s, v) => s with { Dataset = s.Dataset with { ValidationFile = v } }),
        new("format", "dataset.format", $"A custom dataset's layout: {Names<DatasetFormat>()}.", (s, v) => s with { Dataset = s.Dataset with { Format = Enum<DatasetFormat>("format", v) } }),
        new("text-a-column", "dataset.textAColumn", "A custom dataset's first text column.", (s, v) => s with { Dataset = s.Dataset with { TextAColumn = v } }),
        new("text-b-column", "dataset.textBColumn", "A custom dataset's second text column (leave it out for one text per example).", (s, v) => s with { Dataset = s.Dataset with { TextBColumn = v } }),
        new("label-column", "dataset.labelColumn", "A custom dataset's label column (0/1 unless --label-names or --regression).", (s, v) => s with { Dataset = s.Dataset with { LabelColumn = v } }),
        new("label-names", "dataset.labelNames", "A custom dataset's class names as its label column writes them, comma-separated in class order (neg,neutral,pos).", (s, v) => s with { Dataset = s.Dataset with { LabelNames = DatasetSpec.LabelNamesFrom(v) } }),
        new("regression", "dataset.regression", "A custom dataset's label is a score (any number): one output, squared-error loss, Pearson and Spearman.", (s, _) => s with { Dataset = s.Dataset with { Regression = true } }, IsSwitch: true),
        new("model", "model", "A catalogue name (minilm, arctic-xs, tiny, ...) or a checkpoint folder.", (s, v) => s with { Model = v }),
        new("head", "head.kind", $"How the pair reaches the classifier: {Names<HeadKind>()} (default: the model's).", (s, v) => s with { Head = s.Head with { Kind = Enum<HeadKind>("head", v) } }),
        new("pooling", "head.pooling", $"The head's pooling: {Names<PoolingKind>()} (default: the model's).", (s, v) => s with { Head = s.Head with { Pooling = Enum<PoolingKind>("pooling", v) } }),
        new("method", "method.kind", $"The method: {Names<MethodKind>()}.", (s, v) => s with { Method = s.Method with { Kind = Enum<MethodKind>("method", v) } }),
        new("lora-r", "method.rank", $"LoRA rank r (default {Defaults.Method.Rank}).", (s, v) => s with { Method = s.Method with { Rank = Int("lora-r", v) } }),
        new("lora-alpha", "method.alpha", $"LoRA alpha; the update is scaled by alpha / r (default {Defaults.Method.Alpha}).", (s, v) => s with { Method = s.Method with { Alpha = Number("lora-alpha", v) } }),
        new("dropout", "method.dropout", "Dropout on LoRA's input.", (s, v) => s with { Method = s.Method with { Dropout = Number("dropout", v) } }),
        new("target-modules", "method.targetModules", "Comma-separated layers that get adapters (query,value; all-linear; ...).", (s, v) => s with { Method = s.Method with { TargetModules = v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) } }),
        // C1's ratio β/α with α = 1, as LoRA+ states it; --lr-scale-a/-b set the two separately.
        new("lr-ratio", "method.lrScaleB", "C1: B's learning rate as a multiple of A's (sets α = 1, β = this).", (s, v) => s with { Method = s.Method with { LrScaleA = 1, LrScaleB = Number("lr-ratio", v) } }),
        new("lr-scale-a", "method.lrScaleA", "C1's α: the multiple of the base rate for A.", (s, v) => s with { Method = s.Method with { LrScaleA = Number("lr-scale-a", v) } }),
        new("lr-scale-b", "method.lrScaleB", "C1's β: the multiple of the base rate for B.", (s, v) => s with { Method = s.Method with { LrScaleB = Number("lr-scale-b", v) } }),
        new("no-adaptive-lr", "method.adaptiveLearningRates", "Turn C1 (decoupled rates for A and B) off.", (s, _) => s with { Method = s.Method with { AdaptiveLearningRates = false } }, IsSwitch: true),
        new("no-lowrank-init", "method.decompositionInit", "Turn C2 (A and B from the weight's singular vectors) off.", (s, _) => s with { Method = s.Method with { DecompositionInit = false } }, IsSwitch: true),
        new("no-match-score", "method.densityMatching", "Turn C3 (the density-aware matching score) off.", (s, _) => s with { Method = s.Method with { DensityMatching = false } }, IsSwitch: true),
        new("gamma", "method.gamma", "C3's γ: weight of length balance against lexical density (default 0.5; 'choose' picks it on the selection split with τ).", (s, v) => s with { Method = s.Method with { Gamma = WeightOrChoose("gamma", v) } }),
        new("delta", "method.delta", "C3's δ: weight of the token alignment score (default 0.1; 'choose' picks it on the selection split with τ).", (s, v) => s with { Method = s.Method with { Delta = WeightOrChoose("delta", v) } }),
        new("epochs", "training.epochs", $"The most epochs to train (default {Defaults.Training.Epochs}).", (s, v) => s with { Training = s.Training with { Epochs = Int("epochs", v) } }),
        new("batch-size", "training.batchSize", $"Pairs per step (default {Defaults.Training.BatchSize}).", (s, v) => s with { Training = s.Training with { BatchSize = Int("batch-size", v) } }),
        new("learning-rate", "training.learningRate", "The base learning rate (default: the method's tuned rate).", (s, v) => s with { Training = s.Training with { LearningRate = Number("learning-rate", v) } }),
        new("weight-decay", "training.weightDecay", $"AdamW's decoupled weight decay (default {Defaults.Training.WeightDecay}).", (s, v) => s with { Training = s.Training with { WeightDecay = Number("weight-decay", v) } }),
        new("selection-split", "training.selectionSplit", $"The share of the training file held out to select checkpoints and thresholds (default {Defaults.Training.SelectionSplit}).", (s, v) => s with { Training = s.Training with { SelectionSplit = Number("selection-split", v) } }),
        new("allow-selection-on-evaluation", "training.allowSelectionOnEvaluation", "Allow selecting on the validation file when there is no selection split (labelled in results).", (s, _) => s with { Training = s.Training with { AllowSelectionOnEvaluation = true } }, IsSwitch: true),
        new("best-metric", "training.bestMetric", $"What picks the best checkpoint on the selection split: {Names<CheckpointMetric>()}.", (s, v) => s with { Training = s.Training with { BestMetric = Enum<CheckpointMetric>("best-metric", v) } }),
        new("early-stopping-patience", "training.earlyStoppingPatience", "Stop after this many evaluations without a better one (default 0: never stop early).", (s, v) => s with { Training = s.Training with { EarlyStoppingPatience = Int("early-stopping-patience", v) } }),
        new("eval-every", "training.evalEverySteps", "Also evaluate every this many steps (default 0: at the end of each epoch only).", (s, v) => s with { Training = s.Training with { EvalEverySteps = Int("eval-every", v) } }),
        new("max-seq-length", "training.maxLength", $"Word-pieces per encoded input (default {Defaults.Training.MaxLength}).", (s, v) => s with { Training = s.Training with { MaxLength = Int("max-seq-length", v) } }),
        new("log-every", "training.logEverySteps", $"Report the loss every this many steps (default {Defaults.Training.LogEverySteps}).", (s, v) => s with { Training = s.Training with { LogEverySteps = Int("log-every", v) } }),
        new("precision", "training.precision", $"Number format: {Names<PrecisionKind>()} (bf16-frozen: frozen weights in bfloat16, what trains in fp32; bf16: CUDA only).", (s, v) => s with { Training = s.Training with { Precision = Enum<PrecisionKind>("precision", v) } }),
        new("gradient-checkpointing", "training.gradientCheckpointing", "Recompute each layer's activations in the backward pass: less memory, more time.", (s, _) => s with { Training = s.Training with { GradientCheckpointing = true } }, IsSwitch: true),
        new("seed", "seed", $"The seed of one run (default {Defaults.Seed}).", (s, v) => s with { Seed = Int("seed", v) }),
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

    /// <summary>C3's γ or δ: a number, or "choose" to pick it on the selection split with τ.</summary>
    private static double? WeightOrChoose(string flag, string text) =>
        text.Equals("choose", StringComparison.OrdinalIgnoreCase) ? null : Number(flag, text);

    /// <summary>An enum's values as specs spell them, for help texts.</summary>
    private static string Names<T>() where T : struct, System.Enum => string.Join(", ", System.Enum.GetValues<T>().Select(LabJson.NameOf));

    /// <summary>An enum by its JSON name ("enhanced-lora", "qqp"), the spelling specs use.</summary>
    private static T Enum<T>(string flag, string text) where T : struct, System.Enum
    {
        try
        {
            return LabJson.Deserialize<T>(JsonSerializer.Serialize(text));
        }
        catch (JsonException)
        {
            throw new ArgumentException($"--{flag} must be one of {Names<T>()} (got '{text}').");
        }
    }
}
