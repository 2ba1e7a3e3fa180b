using LabPortal.Portal.Components.Shared;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;

namespace LabPortal.Portal.Components.Pages.Experiments;

/// <summary>The New experiment form's editable state, with defaults that run the demo as they are.</summary>
public sealed class ExperimentForm
{
    public string Name { get; set; } = "";

    public string Model { get; set; } = "tiny";

    public TaskKind Task { get; set; } = TaskKind.Qqp;

    public string TrainFile { get; set; } = "data/demo/train.tsv";

    public string ValidationFile { get; set; } = "data/demo/dev.tsv";

    public DatasetFormat Format { get; set; } = DatasetFormat.Auto;

    public string TextAColumn { get; set; } = "";

    /// <summary>Empty: one text per example.</summary>
    public string TextBColumn { get; set; } = "";

    public string LabelColumn { get; set; } = "";

    /// <summary>The custom task's label: 0/1, class names or a score.</summary>
    public CustomLabelChoice LabelChoice { get; set; } = new();

    /// <summary>LoRA: what this lab is for, and cheap enough to try first.</summary>
    public MethodKind Method { get; set; } = MethodKind.Lora;

    /// <summary>Null: the model's default head (the one that measured best on it).</summary>
    public HeadKind? Head { get; set; }

    /// <summary>Null: the model's default pooling.</summary>
    public PoolingKind? Pooling { get; set; }

    public int Rank { get; set; } = 8;

    public double Alpha { get; set; } = 16;

    public double Dropout { get; set; }

    /// <summary>Targets as a comma-separated list, for example "query, value".</summary>
    public string TargetModules { get; set; } = "query, value";

    public bool RsLora { get; set; }

    /// <summary>C1: decoupled learning rates for A (α) and B (β).</summary>
    public bool AdaptiveLearningRates { get; set; } = true;

    public double LrScaleA { get; set; } = 1;

    public double LrScaleB { get; set; } = new MethodSpec().LrScaleB;

    /// <summary>C2: initialise A and B from the top singular triplets of W.</summary>
    public bool DecompositionInit { get; set; } = true;

    /// <summary>C3: decide with the density-aware matching score.</summary>
    public bool DensityMatching { get; set; } = true;

    /// <summary>Null: chosen on the selection split with τ.</summary>
    public double? Gamma { get; set; } = new MethodSpec().Gamma;

    /// <summary>Null: chosen on the selection split with τ.</summary>
    public double? Delta { get; set; } = new MethodSpec().Delta;

    public int Epochs { get; set; } = 8;

    public int BatchSize { get; set; } = 16;

    /// <summary>Null: the method's tuned default (<see cref="TunedDefaults"/>), so switching methods keeps a tuned rate.</summary>
    public double? LearningRate { get; set; }

    public int MaxLength { get; set; } = 64;

    public int GradientAccumulationSteps { get; set; } = 1;

    /// <summary>0: evaluate at each epoch end only.</summary>
    public int EvalEverySteps { get; set; }

    public CheckpointMetric BestMetric { get; set; } = CheckpointMetric.Last;

    /// <summary>0: no early stopping.</summary>
    public int EarlyStoppingPatience { get; set; }

    /// <summary>The share of the training file held out to choose the checkpoint and thresholds on.</summary>
    public double SelectionSplit { get; set; } = new TrainingSpec().SelectionSplit;

    public bool AllowSelectionOnEvaluation { get; set; }

    // The advanced options: the spec's defaults, shown so nothing a run uses is hidden in its JSON.
    public double WarmupRatio { get; set; } = new TrainingSpec().WarmupRatio;

    public double WeightDecay { get; set; } = new TrainingSpec().WeightDecay;

    public ScheduleKind Schedule { get; set; } = new TrainingSpec().Schedule;

    /// <summary>0: no gradient clipping.</summary>
    public double MaxGradNorm { get; set; } = new TrainingSpec().MaxGradNorm;

    public int LogEverySteps { get; set; } = new TrainingSpec().LogEverySteps;

    public bool LengthBucketing { get; set; } = new TrainingSpec().LengthBucketing;

    public PrecisionKind Precision { get; set; } = new TrainingSpec().Precision;

    public bool GradientCheckpointing { get; set; } = new TrainingSpec().GradientCheckpointing;

    /// <summary>How the spec expands into variants (table rows).</summary>
    public PresetKind Preset { get; set; } = PresetKind.None;

    /// <summary>α values of an α/β sweep, separated by commas.</summary>
    public string SweepA { get; set; } = "1";

    /// <summary>β values of an α/β sweep, separated by commas.</summary>
    public string SweepB { get; set; } = "1, 4, 16";

    /// <summary>The GLUE suite's folder: one subfolder per task (cola, sst2, …) with train.tsv and dev.tsv.</summary>
    public string GlueFolder { get; set; } = new ExperimentRequest().GlueFolder;

    /// <summary>How many seeds a seed repeat runs, counted up from the one seed given.</summary>
    public int SeedRepeats { get; set; } = 5;

    /// <summary>Seeds separated by commas or spaces; one run per seed.</summary>
    public string Seeds { get; set; } = "42";

    /// <summary>Higher runs go first in the queue.</summary>
    public int Priority { get; set; }

    public DeviceRequirement RequiredDevice { get; set; } = DeviceRequirement.Any;

    /// <summary>The memory an agent must have, in GiB; 0 for no minimum.</summary>
    public double MinMemoryGiB { get; set; }

    /// <summary>Presets whose rows each set their own method and C1–C3: the method fields then hold what the rows share.</summary>
    public bool RowsSetTheMethod =>
        Preset is PresetKind.PaperAblation or PresetKind.PaperTable or PresetKind.MethodComparison or PresetKind.GlueSuite;

    /// <summary>
    /// Shows the method a preset's rows run: enhanced LoRA with the parts its first row uses, so the rank, α/β, γ and δ
    /// the rows take from the form are on screen (and checked). A sweep varies α and β, so it needs C1.
    /// </summary>
    public void FollowPreset()
    {
        if (RowsSetTheMethod)
        {
            Method = MethodKind.EnhancedLora;
            (AdaptiveLearningRates, DecompositionInit, DensityMatching) = (true, true, true);
        }
        else if (Preset == PresetKind.AlphaBetaSweep)
        {
            Method = MethodKind.EnhancedLora;
            AdaptiveLearningRates = true;
        }
    }

    /// <summary>A name that says what will run, for example "paper ablation · tiny · QQP".</summary>
    public string SuggestedName()
    {
        var what = Preset is PresetKind.None or PresetKind.SeedRepeat
            ? VariantGenerator.Describe(ToRequest().Request.Spec.Method)
            : LabJson.NameOf(Preset).Replace('-', ' ');
        var model = string.IsNullOrWhiteSpace(Model) ? "no model" : Model.Trim();
        return Preset == PresetKind.GlueSuite ? $"{what} · {model}" : $"{what} · {model} · {TaskFacts.For(Task).Title}";
    }

    /// <summary>A form filled from an existing run's spec, for "Clone and edit".</summary>
    public static ExperimentForm From(ExperimentSpec spec, string name) => new()
    {
        Name = name,
        Model = spec.Model,
        Task = spec.Dataset.Task,
        TrainFile = spec.Dataset.TrainFile,
        ValidationFile = spec.Dataset.ValidationFile,
        Format = spec.Dataset.Format,
        TextAColumn = spec.Dataset.TextAColumn,
        TextBColumn = spec.Dataset.TextBColumn,
        LabelColumn = spec.Dataset.LabelColumn,
        LabelChoice = CustomLabelChoice.From(spec.Dataset),
        Method = spec.Method.Kind,
        Head = spec.Head.Kind,
        Pooling = spec.Head.Pooling,
        Rank = spec.Method.Rank,
        Alpha = spec.Method.Alpha,
        Dropout = spec.Method.Dropout,
        TargetModules = string.Join(", ", spec.Method.TargetModules),
        RsLora = spec.Method.RsLora,
        AdaptiveLearningRates = spec.Method.AdaptiveLearningRates,
        LrScaleA = spec.Method.LrScaleA,
        LrScaleB = spec.Method.LrScaleB,
        DecompositionInit = spec.Method.DecompositionInit,
        DensityMatching = spec.Method.DensityMatching,
        Gamma = spec.Method.Gamma,
        Delta = spec.Method.Delta,
        Epochs = spec.Training.Epochs,
        BatchSize = spec.Training.BatchSize,
        LearningRate = spec.Training.LearningRate,
        MaxLength = spec.Training.MaxLength,
        GradientAccumulationSteps = spec.Training.GradientAccumulationSteps,
        EvalEverySteps = spec.Training.EvalEverySteps,
        BestMetric = spec.Training.BestMetric,
        EarlyStoppingPatience = spec.Training.EarlyStoppingPatience,
        SelectionSplit = spec.Training.SelectionSplit,
        AllowSelectionOnEvaluation = spec.Training.AllowSelectionOnEvaluation,
        WarmupRatio = spec.Training.WarmupRatio,
        WeightDecay = spec.Training.WeightDecay,
        Schedule = spec.Training.Schedule,
        MaxGradNorm = spec.Training.MaxGradNorm,
        LogEverySteps = spec.Training.LogEverySteps,
        LengthBucketing = spec.Training.LengthBucketing,
        Precision = spec.Training.Precision,
        GradientCheckpointing = spec.Training.GradientCheckpointing,
        Seeds = spec.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        BaseTraining = spec.Training,
    };

    /// <summary>Training options the form does not show, kept from a cloned spec so they are not silently reset.</summary>
    public TrainingSpec BaseTraining { get; set; } = new();

    /// <summary>The request this form describes, and the problem with the seeds field if it has one
    /// (the request then holds the seeds that could be read, so the other fields are still checked).</summary>
    public (ExperimentRequest Request, ValidationError? SeedError) ToRequest()
    {
        var seeds = new List<int>();
        ValidationError? seedError = null;
        foreach (var part in Seeds.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (int.TryParse(part, out var seed))
            {
                seeds.Add(seed);
            }
            else
            {
                seedError ??= new ValidationError("seeds", $"'{part}' is not a whole number; give seeds like 42, 43, 44.");
            }
        }

        if (seeds.Count == 0)
        {
            seedError ??= new ValidationError("seeds", "Give at least one seed.");
        }

        var spec = new ExperimentSpec
        {
            Model = Model.Trim(),
            Seed = seeds.FirstOrDefault(42),
            Dataset = LabelChoice.ApplyTo(new DatasetSpec
            {
                Task = Task, TrainFile = TrainFile.Trim(), ValidationFile = ValidationFile.Trim(),
                Format = Format, TextAColumn = TextAColumn.Trim(), TextBColumn = TextBColumn.Trim(), LabelColumn = LabelColumn.Trim(),
            }),
            Method = new MethodSpec
            {
                Kind = Method, Rank = Rank, Alpha = Alpha, Dropout = Dropout, RsLora = RsLora,
                TargetModules = TargetModules.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                AdaptiveLearningRates = AdaptiveLearningRates, LrScaleA = LrScaleA, LrScaleB = LrScaleB,
                DecompositionInit = DecompositionInit, DensityMatching = DensityMatching, Gamma = Gamma, Delta = Delta,
            },
            Head = new HeadSpec { Kind = Head, Pooling = Pooling },
            Training = BaseTraining with
            {
                Epochs = Epochs, BatchSize = BatchSize, LearningRate = LearningRate, MaxLength = MaxLength,
                GradientAccumulationSteps = GradientAccumulationSteps, EvalEverySteps = EvalEverySteps,
                BestMetric = BestMetric, EarlyStoppingPatience = EarlyStoppingPatience,
                SelectionSplit = SelectionSplit, AllowSelectionOnEvaluation = AllowSelectionOnEvaluation,
                WarmupRatio = WarmupRatio, WeightDecay = WeightDecay, Schedule = Schedule, MaxGradNorm = MaxGradNorm,
                LogEverySteps = LogEverySteps, LengthBucketing = LengthBucketing,
                Precision = Precision, GradientCheckpointing = GradientCheckpointing,
            },
        };
        var request = new ExperimentRequest
        {
            Name = Name, Spec = spec, Seeds = seeds, Preset = Preset, SweepA = Numbers(SweepA), SweepB = Numbers(SweepB),
            GlueFolder = GlueFolder, Priority = Priority, RequiredDevice = RequiredDevice,
            // Not a number is refused by the validator like a negative size.
            MinMemoryBytes = double.IsFinite(MinMemoryGiB) ? ByteSize.FromGiB(MinMemoryGiB) : -1,
            SeedRepeats = SeedRepeats,
        };
        return (request, seedError);
    }

    /// <summary>The numbers in a comma-separated list; what is not a number becomes NaN, which the validator refuses.</summary>
    private static List<double> Numbers(string text) =>
        text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries)
            .Select(part => double.TryParse(part, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : double.NaN)
            .ToList();
}
