using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;

namespace LabPortal.Shared.Tests.Validation;

public sealed class SpecValidatorTests
{
    private const string TrainFile = "demo/train.tsv";
    private const string ValidationFile = "demo/dev.tsv";
    private const int TrainExamples = 100;

    private static readonly FakeDatasetFiles Files = new(new Dictionary<string, int>
    {
        [TrainFile] = TrainExamples,
        [ValidationFile] = 40,
        ["demo/empty.tsv"] = 0,
    });

    /// <summary>A request every check accepts; each test breaks one thing in it.</summary>
    private static ExperimentRequest ValidRequest(
        Func<MethodSpec, MethodSpec>? method = null,
        Func<TrainingSpec, TrainingSpec>? training = null,
        Func<DatasetSpec, DatasetSpec>? dataset = null)
    {
        var spec = new ExperimentSpec
        {
            Dataset = new DatasetSpec { Task = TaskKind.Qqp, TrainFile = TrainFile, ValidationFile = ValidationFile },
            Method = new MethodSpec { Kind = MethodKind.EnhancedLora },
        };
        return new ExperimentRequest
        {
            Name = "demo",
            Spec = spec with
            {
                Method = method?.Invoke(spec.Method) ?? spec.Method,
                Training = training?.Invoke(spec.Training) ?? spec.Training,
                Dataset = dataset?.Invoke(spec.Dataset) ?? spec.Dataset,
            },
            Seeds = [1, 2, 3],
        };
    }

    private static ValidationError SingleError(ExperimentRequest request, string field)
    {
        var error = Assert.Single(SpecValidator.Validate(request, Files));
        Assert.Equal(field, error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        return error;
    }

    [Fact]
    public void A_valid_request_has_no_errors()
    {
        Assert.Empty(SpecValidator.Validate(ValidRequest(), Files));
    }

    [Fact]
    public void A_priority_beyond_the_allowed_range_is_refused_with_the_range()
    {
        var error = SingleError(ValidRequest() with { Priority = 5000 }, "priority");

        Assert.Contains("between -1000 and 1000", error.Message);
    }

    [Fact]
    public void A_negative_minimum_memory_is_refused()
    {
        var error = SingleError(ValidRequest() with { MinMemoryBytes = -1 }, "minMemoryBytes");

        Assert.Contains("minimum memory", error.Message);
    }

    [Fact]
    public void A_valid_request_has_no_errors_when_the_files_cannot_be_checked()
    {
        Assert.Empty(SpecValidator.Validate(ValidRequest(), files: null));
    }

    [Fact]
    public void The_default_spec_with_dataset_files_is_valid_for_every_method()
    {
        foreach (var kind in Enum.GetValues<MethodKind>())
        {
            var request = ValidRequest(method: m => m with { Kind = kind });
            Assert.Empty(SpecValidator.Validate(request, Files));
        }
    }

    [Fact]
    public void A_rank_of_zero_is_reported_on_the_rank()
    {
        var error = SingleError(ValidRequest(method: m => m with { Rank = 0 }), "spec.method.rank");

        Assert.Contains("got 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rank_of_zero_is_ignored_when_the_method_uses_no_lora()
    {
        Assert.Empty(SpecValidator.Validate(ValidRequest(method: m => m with { Kind = MethodKind.Full, Rank = 0 }), Files));
    }

    [Fact]
    public void A_negative_learning_rate_is_reported_on_the_learning_rate()
    {
        SingleError(ValidRequest(training: t => t with { LearningRate = -1e-4 }), "spec.training.learningRate");
    }

    [Fact]
    public void A_learning_rate_that_is_not_a_number_is_reported_on_the_learning_rate()
    {
        SingleError(ValidRequest(training: t => t with { LearningRate = double.NaN }), "spec.training.learningRate");
    }

    [Fact]
    public void Zero_epochs_are_reported_on_the_epochs()
    {
        SingleError(ValidRequest(training: t => t with { Epochs = 0 }), "spec.training.epochs");
    }

    [Fact]
    public void A_training_file_that_does_not_exist_is_reported_on_the_training_file()
    {
        var error = SingleError(
            ValidRequest(dataset: d => d with { TrainFile = "demo/missing.tsv" }), "spec.dataset.trainFile");

        Assert.Contains("demo/missing.tsv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_validation_file_that_does_not_exist_is_reported_on_the_validation_file()
    {
        SingleError(ValidRequest(dataset: d => d with { ValidationFile = "demo/missing.tsv" }), "spec.dataset.validationFile");
    }

    [Fact]
    public void An_empty_training_file_path_is_reported_on_the_training_file_even_without_file_access()
    {
        var request = ValidRequest(dataset: d => d with { TrainFile = "" });

        var withFiles = Assert.Single(SpecValidator.Validate(request, Files));
        var withoutFiles = Assert.Single(SpecValidator.Validate(request, files: null));

        Assert.Equal("spec.dataset.trainFile", withFiles.Field);
        Assert.Equal(withFiles, withoutFiles);
    }

    [Fact]
    public void A_training_file_without_examples_is_reported_once_on_the_training_file()
    {
        // Only the file is wrong; the batch size must not be blamed for the empty file as well.
        SingleError(ValidRequest(dataset: d => d with { TrainFile = "demo/empty.tsv" }), "spec.dataset.trainFile");
    }

    [Fact]
    public void A_batch_larger_than_the_training_set_is_reported_on_the_batch_size()
    {
        var error = SingleError(
            ValidRequest(training: t => t with { BatchSize = TrainExamples + 1 }), "spec.training.batchSize");

        Assert.Contains($"{TrainExamples} examples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_as_large_as_the_training_set_is_accepted()
    {
        Assert.Empty(SpecValidator.Validate(ValidRequest(training: t => t with { BatchSize = TrainExamples }), Files));
    }

    [Fact]
    public void A_dropout_of_one_is_reported_on_the_dropout()
    {
        SingleError(ValidRequest(method: m => m with { Dropout = 1 }), "spec.method.dropout");
    }

    [Fact]
    public void An_unknown_target_module_is_reported_on_the_target_modules_by_name()
    {
        var error = SingleError(
            ValidRequest(method: m => m with { TargetModules = ["query", "qkv_proj"] }), "spec.method.targetModules");

        Assert.Contains("'qkv_proj'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj")]
    [InlineData("c_attn,c_proj,c_fc")]
    public void The_decoders_hugging_face_layer_names_are_known_target_modules(string targets)
    {
        Assert.Empty(SpecValidator.Validate(ValidRequest(method: m => m with { TargetModules = targets.Split(',') }), Files));
    }

    [Fact]
    public void T5s_hugging_face_layer_names_are_known_target_modules()
    {
        Assert.Empty(SpecValidator.Validate(ValidRequest(method: m => m with { TargetModules = ["q", "k", "v", "o", "wi", "wi_0", "wi_1", "wo"] }), Files));
    }

    [Fact]
    public void No_target_modules_is_reported_on_the_target_modules()
    {
        SingleError(ValidRequest(method: m => m with { TargetModules = [] }), "spec.method.targetModules");
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void A_gamma_outside_zero_to_one_is_reported_on_gamma_for_enhanced_lora(double gamma)
    {
        SingleError(ValidRequest(method: m => m with { Gamma = gamma }), "spec.method.gamma");
    }

    [Fact]
    public void Gamma_and_delta_left_empty_are_valid_because_the_run_chooses_them_on_the_selection_split()
    {
        Assert.Empty(SpecValidator.Validate(ValidRequest(method: m => m with { Gamma = null, Delta = null }), Files));
    }

    [Fact]
    public void Gamma_is_not_checked_for_plain_lora_which_does_not_use_it()
    {
        Assert.Empty(SpecValidator.Validate(ValidRequest(method: m => m with { Kind = MethodKind.Lora, Gamma = 7 }), Files));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(1025)]
    public void Gradient_accumulation_outside_one_to_1024_is_reported_on_the_accumulation_steps(int steps)
    {
        var error = SingleError(ValidRequest(training: t => t with { GradientAccumulationSteps = steps }), "spec.training.gradientAccumulationSteps");

        Assert.Contains($"got {steps}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_evaluation_interval_is_reported_on_the_evaluation_interval()
    {
        SingleError(ValidRequest(training: t => t with { EvalEverySteps = -1 }), "spec.training.evalEverySteps");
    }

    [Fact]
    public void An_unknown_best_metric_is_reported_on_the_best_metric()
    {
        SingleError(ValidRequest(training: t => t with { BestMetric = (CheckpointMetric)99 }), "spec.training.bestMetric");
    }

    [Fact]
    public void A_negative_patience_is_reported_on_the_patience()
    {
        SingleError(ValidRequest(training: t => t with { EarlyStoppingPatience = -1, BestMetric = CheckpointMetric.F1 }), "spec.training.earlyStoppingPatience");
    }

    [Fact]
    public void Early_stopping_without_a_best_metric_is_reported_once_on_the_patience()
    {
        var error = SingleError(ValidRequest(training: t => t with { EarlyStoppingPatience = 3, BestMetric = CheckpointMetric.Last }), "spec.training.earlyStoppingPatience");

        Assert.Contains("best metric", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_loop_option_set_sensibly_is_accepted()
    {
        var request = ValidRequest(training: t => t with
        {
            GradientAccumulationSteps = 4, LengthBucketing = false, EvalEverySteps = 50, BestMetric = CheckpointMetric.Loss, EarlyStoppingPatience = 2,
        });

        Assert.Empty(SpecValidator.Validate(request, Files));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_name_is_reported_on_the_name(string name)
    {
        SingleError(ValidRequest() with { Name = name }, "name");
    }

    [Fact]
    public void A_repeated_seed_is_reported_on_the_seeds()
    {
        SingleError(ValidRequest() with { Seeds = [1, 2, 1] }, "seeds");
    }

    [Fact]
    public void More_seeds_than_allowed_are_reported_on_the_seeds()
    {
        var seeds = Enumerable.Range(1, SpecValidator.MaxSeedsPerRequest + 1).ToList();

        SingleError(ValidRequest() with { Seeds = seeds }, "seeds");
    }

    [Fact]
    public void Field_paths_have_no_prefix_when_a_spec_is_validated_on_its_own()
    {
        var spec = ValidRequest(training: t => t with { Epochs = 0 }).Spec;

        var error = Assert.Single(SpecValidator.Validate(spec, Files));

        Assert.Equal("training.epochs", error.Field);
    }

    [Fact]
    public void Several_bad_fields_give_one_message_each()
    {
        var request = ValidRequest(
            method: m => m with { Rank = 0, Dropout = 1, Gamma = 2 },
            training: t => t with { Epochs = 0, LearningRate = -1 },
            dataset: d => d with { ValidationFile = "" }) with
        {
            Name = "",
            Seeds = [5, 5],
        };

        var fields = SpecValidator.Validate(request, Files).Select(e => e.Field).ToList();

        Assert.Equal(
            new[]
            {
                "name", "seeds", "spec.dataset.validationFile", "spec.method.rank", "spec.method.dropout",
                "spec.method.gamma", "spec.training.epochs", "spec.training.learningRate",
            }.Order(StringComparer.Ordinal),
            fields.Order(StringComparer.Ordinal));
    }
}
