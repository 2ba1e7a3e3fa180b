using System.Globalization;

namespace LabPortal.Shared.Experiments;

/// <summary>
/// Expands a spec into the variants of a preset, as docs/method.md defines them. Everything not named here
/// (model, data, rank, training options, γ, δ) stays as the spec has it, so the rows differ only in what they test.
/// </summary>
public static class VariantGenerator
{
    public const string Ours = "ours (enhanced LoRA)";
    public const string WithoutAdaptiveRates = "− adaptive learning rate";
    public const string WithoutLowRankInit = "− low-rank matrix updates";
    public const string PlainLora = "LoRA";
    public const string FullFineTuning = "full fine-tuning";
    public const string HeadOnly = "head-only";
    public const string ZeroShot = "zero-shot";
    public const string WithoutMatchingScore = "− matching score";

    /// <summary>The preset's variants, each with its left-empty defaults filled in for its own method (<see cref="TunedDefaults"/>).</summary>
    public static IReadOnlyList<(string Variant, ExperimentSpec Spec)> Expand(
        ExperimentSpec spec, PresetKind preset, IReadOnlyList<double> sweepA, IReadOnlyList<double> sweepB, string glueFolder = "data") =>
        (preset == PresetKind.GlueSuite ? GlueSuite(spec, glueFolder) : Variants(spec, preset, sweepA, sweepB))
        .Select(v => (v.Variant, TunedDefaults.Resolve(v.Spec))).ToList();

    /// <summary>The methods of the GLUE suite's rows, in order.</summary>
    public static IReadOnlyList<MethodKind> GlueMethods { get; } = [MethodKind.HeadOnly, MethodKind.Lora, MethodKind.EnhancedLora, MethodKind.Full];

    /// <summary>
    /// Each GLUE task × each suite method; a variant is named "method · task" (for example "LoRA · CoLA"). Enhanced LoRA
    /// keeps C3 only where it is defined (two-class pairs); a single sentence is read by a cross-encoder; checkpoints
    /// are chosen by the task's own metric where accuracy would mislead.
    /// </summary>
    private static IReadOnlyList<(string Variant, ExperimentSpec Spec)> GlueSuite(ExperimentSpec spec, string folder) =>
    [
        .. from task in TaskFacts.Glue
           let facts = TaskFacts.For(task)
           let dataset = new DatasetSpec { Task = task, TrainFile = GlueFile(folder, task, "train.tsv"), ValidationFile = GlueFile(folder, task, "dev.tsv") }
           let head = facts.SingleText ? spec.Head with { Kind = null } : spec.Head
           from kind in GlueMethods
           let method = kind == MethodKind.EnhancedLora
               ? Enhanced(spec.Method, c1: true, c2: true, c3: facts.IsTwoClassPair)
               : spec.Method with { Kind = kind }
           select ($"{GlueRow(kind)} · {facts.Title}", spec with { Dataset = dataset, Method = method, Head = head, Training = SelectByTask(spec.Training, facts) }),
    ];

    /// <summary>
    /// CoLA is scored by MCC and STS-B by correlation: choosing their checkpoints by accuracy would keep CoLA's
    /// majority-class model. A spec that keeps the last model is left as it is.
    /// </summary>
    private static TrainingSpec SelectByTask(TrainingSpec training, TaskFacts task) => training.BestMetric switch
    {
        CheckpointMetric.Last => training,
        _ when task.OfficialMetrics.Contains(TaskMetric.Mcc) => training with { BestMetric = CheckpointMetric.Mcc },
        _ when task.IsRegression => training with { BestMetric = CheckpointMetric.Pearson },
        _ => training,
    };

    /// <summary>A GLUE table row's name: the method alone (enhanced LoRA's C3 depends on the task, see <see cref="GlueSuite"/>).</summary>
    public static string GlueRow(MethodKind kind) => kind switch
    {
        MethodKind.EnhancedLora => "enhanced LoRA",
        _ => Describe(new MethodSpec { Kind = kind }),
    };

    private static string GlueFile(string folder, TaskKind task, string file) =>
        $"{folder.TrimEnd('/')}/{LabJson.NameOf(task)}/{file}";

    /// <summary>How many variants a preset makes (the sweep's come from its grid).</summary>
    public static int Count(PresetKind preset, int sweepCells) => preset switch
    {
        PresetKind.PaperAblation => 4,
        PresetKind.MethodComparison => 5,
        PresetKind.PaperTable => 8,
        PresetKind.AlphaBetaSweep => sweepCells,
        PresetKind.GlueSuite => TaskFacts.Glue.Count * GlueMethods.Count,
        _ => 1,
    };

    private static IReadOnlyList<(string Variant, ExperimentSpec Spec)> Variants(
        ExperimentSpec spec, PresetKind preset, IReadOnlyList<double> sweepA, IReadOnlyList<double> sweepB) => preset switch
    {
        PresetKind.None or PresetKind.SeedRepeat => [(Describe(spec.Method), spec)],
        PresetKind.PaperAblation =>
        [
            (Ours, WithMethod(spec, Enhanced(spec.Method, c1: true, c2: true, c3: true))),
            (WithoutAdaptiveRates, WithMethod(spec, Enhanced(spec.Method, c1: false, c2: true, c3: true))),
            (WithoutLowRankInit, WithMethod(spec, Enhanced(spec.Method, c1: true, c2: false, c3: true))),
            (PlainLora, WithMethod(spec, spec.Method with { Kind = MethodKind.Lora })),
        ],
        PresetKind.MethodComparison =>
        [
            (ZeroShot, WithMethod(spec, spec.Method with { Kind = MethodKind.ZeroShot })),
            (HeadOnly, WithMethod(spec, spec.Method with { Kind = MethodKind.HeadOnly })),
            (FullFineTuning, WithMethod(spec, spec.Method with { Kind = MethodKind.Full })),
            (PlainLora, WithMethod(spec, spec.Method with { Kind = MethodKind.Lora })),
            (Ours, WithMethod(spec, Enhanced(spec.Method, c1: true, c2: true, c3: true))),
        ],
        PresetKind.PaperTable =>
        [
            (ZeroShot, WithMethod(spec, spec.Method with { Kind = MethodKind.ZeroShot })),
            (HeadOnly, WithMethod(spec, spec.Method with { Kind = MethodKind.HeadOnly })),
            (Ours, WithMethod(spec, Enhanced(spec.Method, c1: true, c2: true, c3: true))),
            (WithoutAdaptiveRates, WithMethod(spec, Enhanced(spec.Method, c1: false, c2: true, c3: true))),
            (WithoutLowRankInit, WithMethod(spec, Enhanced(spec.Method, c1: true, c2: false, c3: true))),
            (WithoutMatchingScore, WithMethod(spec, Enhanced(spec.Method, c1: true, c2: true, c3: false))),
            (PlainLora, WithMethod(spec, spec.Method with { Kind = MethodKind.Lora })),
            (FullFineTuning, WithMethod(spec, spec.Method with { Kind = MethodKind.Full })),
        ],
        PresetKind.AlphaBetaSweep =>
        [
            .. from a in sweepA
               from b in sweepB
               select (Sweep(a, b), WithMethod(spec, Enhanced(spec.Method, c1: true, c2: spec.Method.DecompositionInit, c3: spec.Method.DensityMatching)
                   with { LrScaleA = a, LrScaleB = b })),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
    };

    /// <summary>The row name of a single spec, for example "enhanced LoRA (C1 C2 −C3)".</summary>
    public static string Describe(MethodSpec method) => method.Kind switch
    {
        MethodKind.Full => FullFineTuning,
        MethodKind.HeadOnly => HeadOnly,
        MethodKind.ZeroShot => ZeroShot,
        MethodKind.Lora => PlainLora,
        _ => $"enhanced LoRA ({Part("C1", method.AdaptiveLearningRates)} {Part("C2", method.DecompositionInit)} {Part("C3", method.DensityMatching)})",
    };

    private static string Part(string name, bool on) => on ? name : "−" + name;

    private static string Sweep(double a, double b) =>
        string.Create(CultureInfo.InvariantCulture, $"α = {a:0.###}, β = {b:0.###}");

    private static MethodSpec Enhanced(MethodSpec method, bool c1, bool c2, bool c3) => method with
    {
        Kind = MethodKind.EnhancedLora,
        AdaptiveLearningRates = c1,
        DecompositionInit = c2,
        DensityMatching = c3,
    };

    private static ExperimentSpec WithMethod(ExperimentSpec spec, MethodSpec method) => spec with { Method = method };
}
