using LabPortal.Shared.Experiments;

namespace LabPortal.Shared.Validation;

/// <summary>
/// The one validator for experiment specs: the portal's form, its API and the agent all use it,
/// so a spec accepted in one place is accepted everywhere. Each bad field gets its own message.
/// </summary>
public static class SpecValidator
{
    public const int MaxSeedsPerRequest = 50;
    public const int MaxRunsPerRequest = 200;
    public const int MaxPriority = 1000;

    private static readonly string[] KnownTargetModules =
        ["query", "key", "value", "attention.output", "intermediate", "output", "all-linear", "q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj", "c_attn", "c_proj", "c_fc", "q", "k", "v", "o", "wi", "wi_0", "wi_1", "wo"];

    public static IReadOnlyList<ValidationError> Validate(ExperimentRequest request, IDatasetFiles? files)
    {
        var errors = new List<ValidationError>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add(new("name", "Give the experiment a name."));
        }
        else if (request.Name.Length > 200)
        {
            errors.Add(new("name", "The name is longer than 200 characters."));
        }

        if (request.Seeds.Count > MaxSeedsPerRequest)
        {
            errors.Add(new("seeds", $"At most {MaxSeedsPerRequest} seeds per experiment ({request.Seeds.Count} given)."));
        }

        if (request.Seeds.Distinct().Count() != request.Seeds.Count)
        {
            errors.Add(new("seeds", "Each seed may appear only once."));
        }

        if (request.Preset == PresetKind.SeedRepeat)
        {
            CheckSeedRepeat(request, errors);
        }

        if (request.Preset == PresetKind.AlphaBetaSweep)
        {
            CheckSweep(request.SweepA, "sweepA", "α", errors);
            CheckSweep(request.SweepB, "sweepB", "β", errors);
        }

        var runs = Math.Max(1, request.RunSeeds().Count) * VariantGenerator.Count(request.Preset, request.SweepA.Count * request.SweepB.Count);
        if (runs > MaxRunsPerRequest)
        {
            errors.Add(new("seeds", $"This experiment would start {runs} runs; at most {MaxRunsPerRequest} per experiment."));
        }

        CheckPlacement(request, errors);

        if (request.Preset == PresetKind.GlueSuite)
        {
            errors.AddRange(CheckGlueSuite(request, files));
            return errors;
        }

        // A preset turns the spec into enhanced LoRA among others: check it with enhanced LoRA's rules too.
        var checkedSpec = request.Preset is PresetKind.None or PresetKind.SeedRepeat
            ? request.Spec
            : request.Spec with { Method = request.Spec.Method with { Kind = MethodKind.EnhancedLora } };
        errors.AddRange(Validate(checkedSpec, files, prefix: "spec."));
        return errors;
    }

    /// <summary>
    /// The suite replaces the spec's data with each task's files under the GLUE folder, so every variant is checked as
    /// it will run; a missing task file is reported once, at the folder field.
    /// </summary>
    private static IEnumerable<ValidationError> CheckGlueSuite(ExperimentRequest request, IDatasetFiles? files) =>
        request.ExpandRuns()
            .DistinctBy(plan => plan.Variant)
            .SelectMany(plan => Validate(plan.Spec, files, prefix: "spec."))
            .Select(e => e.Field.StartsWith("spec.dataset.", StringComparison.Ordinal) ? e with { Field = "glueFolder" } : e)
            .Distinct();

    /// <summary>The parts that need two texts or two classes are refused, by name, on a task that has neither.</summary>
    private static void CheckTaskFits(ExperimentSpec spec, TaskFacts task, Action<string, string> fail)
    {
        var what = task.SingleText ? "a single-sentence task" : task.IsRegression ? "a regression task" : $"a {task.Outputs}-class task";
        if (!task.IsRegression && spec.Training.BestMetric is CheckpointMetric.Pearson or CheckpointMetric.Spearman)
        {
            fail("training.bestMetric", $"Pearson and Spearman score a regression task such as STS-B; {task.Title} has classes, so choose accuracy, F1, MCC, loss or last.");
        }

        if (task.IsTwoClassPair)
        {
            return;
        }

        if (spec.Method.Kind == MethodKind.EnhancedLora && spec.Method.DensityMatching)
        {
            fail("method.densityMatching", $"C3's matching score decides whether two texts match, so it needs a two-class sentence-pair task; {task.Title} is {what}. Turn the matching score off.");
        }

        if (spec.Method.Kind == MethodKind.ZeroShot)
        {
            fail("method.kind", $"Zero-shot decides by the cosine of two texts' embeddings, so it needs a two-class sentence-pair task; {task.Title} is {what}.");
        }

        if (task.SingleText && spec.Head.Kind == HeadKind.BiEncoder)
        {
            fail("head.kind", $"{task.Title} has one text per example, so there is no pair for a bi-encoder; choose cross-encoder or leave the head empty.");
        }
    }

    public static IReadOnlyList<ValidationError> Validate(ExperimentSpec spec, IDatasetFiles? files, string prefix = "")
    {
        var errors = new List<ValidationError>();
        void Fail(string field, string message) => errors.Add(new(prefix + field, message));

        if (string.IsNullOrWhiteSpace(spec.Model))
        {
            Fail("model", "Choose a model.");
        }

        // JSON may carry an enum as a number; one that names no member would be stored as nonsense.
        RequireKnown(spec.Dataset.Task, "dataset.task", Fail);
        RequireKnown(spec.Dataset.Format, "dataset.format", Fail);
        RequireKnown(spec.Method.Kind, "method.kind", Fail);
        RequireKnown(spec.Training.Schedule, "training.schedule", Fail);
        if (spec.Head.Kind is { } headKind)
        {
            RequireKnown(headKind, "head.kind", Fail);
        }

        if (spec.Head.Pooling is { } pooling)
        {
            RequireKnown(pooling, "head.pooling", Fail);
        }

        if (spec.Method.Kind == MethodKind.ZeroShot && spec.Head.Kind == HeadKind.CrossEncoder)
        {
            Fail("head.kind", "Zero-shot compares the two texts' own embeddings, so it has no cross-encoder form; choose bi-encoder or leave the head empty.");
        }

        var trainExamples = CheckFile(spec.Dataset.TrainFile, "dataset.trainFile", "training", spec.Dataset, files, Fail);
        CheckFile(spec.Dataset.ValidationFile, "dataset.validationFile", "validation", spec.Dataset, files, Fail);

        if (spec.Dataset.Task == TaskKind.Custom)
        {
            CheckCustomDataset(spec.Dataset, Fail);
        }

        if (Enum.IsDefined(spec.Dataset.Task))
        {
            CheckTaskFits(spec, TaskFacts.For(spec.Dataset), Fail);
        }

        var method = spec.Method;
        if (method.Kind is MethodKind.Lora or MethodKind.EnhancedLora)
        {
            if (method.Rank < 1 || method.Rank > 1024)
            {
                Fail("method.rank", $"The LoRA rank must be between 1 and 1024 (got {method.Rank}).");
            }

            if (!(method.Alpha > 0) || double.IsInfinity(method.Alpha))
            {
                Fail("method.alpha", $"LoRA alpha must be a finite number greater than 0 (got {method.Alpha}).");
            }

            if (!(method.Dropout >= 0 && method.Dropout < 1))
            {
                Fail("method.dropout", $"LoRA dropout must be at least 0 and below 1 (got {method.Dropout}).");
            }

            if (method.TargetModules.Count == 0)
            {
                Fail("method.targetModules", "Choose at least one target module.");
            }

            foreach (var unknown in method.TargetModules.Where(m => !KnownTargetModules.Contains(m)))
            {
                Fail("method.targetModules", $"Unknown target module '{unknown}'; known: {string.Join(", ", KnownTargetModules)}.");
            }
        }

        if (method.Kind == MethodKind.EnhancedLora)
        {
            if (!(method.LrScaleA > 0) || double.IsInfinity(method.LrScaleA))
            {
                Fail("method.lrScaleA", $"α (the A learning-rate multiplier) must be a finite number greater than 0 (got {method.LrScaleA}).");
            }

            if (!(method.LrScaleB > 0) || double.IsInfinity(method.LrScaleB))
            {
                Fail("method.lrScaleB", $"β (the B learning-rate multiplier) must be a finite number greater than 0 (got {method.LrScaleB}).");
            }

            if (method.Gamma is not null and not (>= 0 and <= 1))
            {
                Fail("method.gamma", $"γ must be between 0 and 1, or left empty to choose it on the selection split (got {method.Gamma}).");
            }

            if (method.Delta is not null and not (>= 0 and <= 1))
            {
                Fail("method.delta", $"δ must be between 0 and 1, or left empty to choose it on the selection split (got {method.Delta}).");
            }
        }

        var training = spec.Training;
        if (training.Epochs < 1 || training.Epochs > 1000)
        {
            Fail("training.epochs", $"Epochs must be between 1 and 1000 (got {training.Epochs}).");
        }

        if (training.BatchSize < 1)
        {
            Fail("training.batchSize", $"The batch size must be at least 1 (got {training.BatchSize}).");
        }
        else if (trainExamples is { } count && training.BatchSize > count)
        {
            Fail("training.batchSize", $"The batch size {training.BatchSize} is larger than the training set ({count} examples).");
        }

        if (training.LearningRate is { } rate && !(rate > 0 && rate < 1))
        {
            Fail("training.learningRate", $"The learning rate must be greater than 0 and below 1 (got {training.LearningRate}).");
        }

        if (!(training.WeightDecay is >= 0 and < 1))
        {
            Fail("training.weightDecay", $"Weight decay must be at least 0 and below 1 (got {training.WeightDecay}).");
        }

        if (!(training.WarmupRatio is >= 0 and < 1))
        {
            Fail("training.warmupRatio", $"The warm-up ratio must be at least 0 and below 1 (got {training.WarmupRatio}).");
        }

        if (training.MaxLength < 8 || training.MaxLength > 512)
        {
            Fail("training.maxLength", $"The maximum length must be between 8 and 512 tokens (got {training.MaxLength}).");
        }

        if (!(training.MaxGradNorm >= 0) || double.IsInfinity(training.MaxGradNorm))
        {
            Fail("training.maxGradNorm", $"The gradient clip must be 0 (off) or a positive number (got {training.MaxGradNorm}).");
        }

        if (training.LogEverySteps < 1)
        {
            Fail("training.logEverySteps", $"Report every at least 1 step (got {training.LogEverySteps}).");
        }

        TrainingLoopChecks.Check(training, Fail);
        PrecisionChecks.Check(spec, Fail);
        CheckSelection(spec, Fail);

        return errors;
    }

    /// <summary>
    /// The custom task names its first text and label columns (the second text is optional: empty means one text), and
    /// its label is 0/1, two or more distinct class names, or a score — not names and a score at once.
    /// </summary>
    private static void CheckCustomDataset(DatasetSpec dataset, Action<string, string> fail)
    {
        foreach (var (field, value, role) in new[]
                 {
                     ("dataset.textAColumn", dataset.TextAColumn, "first text"),
                     ("dataset.labelColumn", dataset.LabelColumn, "label"),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                fail(field, $"Name the column that holds the {role} (the custom task has no fixed layout).");
            }
        }

        var names = dataset.LabelNames;
        if (names.Count == 0)
        {
            return;
        }

        if (dataset.Regression)
        {
            fail("dataset.labelNames", "A regression's label is a score, so it has no class names; leave the class names empty or turn regression off.");
        }
        else if (names.Any(string.IsNullOrWhiteSpace) || names.Any(n => n != n.Trim()))
        {
            fail("dataset.labelNames", "Each class name must be written out: no empty name (a stray comma) and no spaces at either end (labels are compared trimmed).");
        }
        else if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
        {
            fail("dataset.labelNames", $"Each class name may appear only once (got {string.Join(", ", names)}).");
        }
        else if (names.Count < 2)
        {
            fail("dataset.labelNames", $"Give at least two class names, in class order (got only '{names[0]}'); leave them empty for a 0/1 label.");
        }
    }

    /// <summary>A run may not choose its checkpoint on the file it reports, unless the spec says so out loud.</summary>
    private static void CheckSelection(ExperimentSpec spec, Action<string, string> fail)
    {
        var split = spec.Training.SelectionSplit;
        if (!(split is >= 0 and <= ModelSelection.MaxSelectionSplit))
        {
            fail("training.selectionSplit", $"The selection split must be between 0 and {ModelSelection.MaxSelectionSplit} of the training file (got {split}).");
        }
        else if (ModelSelection.SelectsOnEvaluation(spec) && !spec.Training.AllowSelectionOnEvaluation)
        {
            fail("training.selectionSplit",
                "With no selection split, the best checkpoint and early stopping would be chosen on the validation file the run reports. " +
                "Hold out a selection split (for example 0.1), keep the last model, or set allowSelectionOnEvaluation: true to label the run \"selected on evaluation data\".");
        }
    }

    private static void RequireKnown<TEnum>(TEnum value, string field, Action<string, string> fail)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            fail(field, $"{value} is not a known {typeof(TEnum).Name}; known: {string.Join(", ", Enum.GetNames<TEnum>())}.");
        }
    }

    /// <summary>Priority and placement constraints decide where and when runs go, so nonsense there is refused too.</summary>
    private static void CheckPlacement(ExperimentRequest request, List<ValidationError> errors)
    {
        if (request.Priority is < -MaxPriority or > MaxPriority)
        {
            errors.Add(new("priority", $"The priority must be between {-MaxPriority} and {MaxPriority} (got {request.Priority})."));
        }

        if (!Enum.IsDefined(request.Preset))
        {
            errors.Add(new("preset", $"{request.Preset} is not a known preset."));
        }

        if (!Enum.IsDefined(request.RequiredDevice))
        {
            errors.Add(new("requiredDevice", "The required device must be any, cpu or cuda."));
        }

        PrecisionChecks.CheckDevice(request, (field, message) => errors.Add(new(field, message)));

        if (request.MinMemoryBytes < 0)
        {
            errors.Add(new("minMemoryBytes", "The minimum memory must be 0 (no minimum) or more."));
        }
    }

    private static void CheckSeedRepeat(ExperimentRequest request, List<ValidationError> errors)
    {
        if (request.Seeds.Count > 1)
        {
            errors.Add(new("seeds", "A seed repeat counts its seeds up from one base seed; give one seed (or none to start at the spec's)."));
        }

        if (request.SeedRepeats is < 2 or > MaxSeedsPerRequest)
        {
            errors.Add(new("seedRepeats", $"A seed repeat runs 2 to {MaxSeedsPerRequest} seeds ({request.SeedRepeats} given)."));
        }
        else if (request.RepeatBaseSeed() > int.MaxValue - request.SeedRepeats)
        {
            errors.Add(new("seeds", $"Counting {request.SeedRepeats} seeds up from {request.RepeatBaseSeed()} passes the largest seed; start lower."));
        }
    }

    private static void CheckSweep(IReadOnlyList<double> values, string field, string symbol, List<ValidationError> errors)
    {
        if (values.Count == 0)
        {
            errors.Add(new(field, $"Give at least one {symbol} value for the sweep."));
        }
        else if (values.Any(v => !(v > 0 && v <= 1000)))
        {
            errors.Add(new(field, $"Every {symbol} must be greater than 0 and at most 1000."));
        }
        else if (values.Distinct().Count() != values.Count)
        {
            errors.Add(new(field, $"Each {symbol} value may appear only once."));
        }
    }

    /// <summary>Checks one dataset file and returns its example count when it could be read and is not empty.</summary>
    private static int? CheckFile(string path, string field, string role, DatasetSpec dataset, IDatasetFiles? files, Action<string, string> fail)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            fail(field, $"Give the {role} file.");
            return null;
        }

        if (files is null)
        {
            return null;
        }

        if (files.RefusePath(path) is { } refused)
        {
            fail(field, $"The {role} file: {refused}");
            return null;
        }

        if (!files.Exists(path))
        {
            fail(field, $"The {role} file '{path}' does not exist.");
            return null;
        }

        var count = files.CountExamples(path, dataset);
        if (count == 0)
        {
            // Reported once, here: returning 0 would also blame the batch size for the empty file.
            fail(field, $"The {role} file '{path}' has no examples.");
            return null;
        }

        return count;
    }
}
