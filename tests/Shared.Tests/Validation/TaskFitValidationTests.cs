using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;

namespace LabPortal.Shared.Tests.Validation;

/// <summary>The parts of the method that need two texts or two classes are refused, by name, on tasks without them.</summary>
public sealed class TaskFitValidationTests
{
    private static readonly FakeDatasetFiles Files = new(new Dictionary<string, int> { ["train.tsv"] = 100, ["dev.tsv"] = 40 });

    [Theory]
    [InlineData(TaskKind.Cola, "a single-sentence task")]
    [InlineData(TaskKind.Stsb, "a regression task")]
    [InlineData(TaskKind.Mnli, "a 3-class task")]
    public void The_matching_score_is_refused_on_a_task_that_is_not_a_two_class_pair_and_the_message_says_why(TaskKind task, string what)
    {
        var errors = Validate(task, new MethodSpec { Kind = MethodKind.EnhancedLora });

        var error = Assert.Single(errors, e => e.Field == "method.densityMatching");
        Assert.Contains($"is {what}", error.Message);
        Assert.Contains("Turn the matching score off", error.Message);
    }

    [Theory]
    [InlineData(TaskKind.Cola)]
    [InlineData(TaskKind.Sst2)]
    public void A_single_sentence_task_trains_enhanced_lora_without_the_matching_score(TaskKind task)
    {
        Assert.Empty(Validate(task, new MethodSpec { Kind = MethodKind.EnhancedLora, DensityMatching = false }));
    }

    [Fact]
    public void Zero_shot_is_refused_on_a_single_sentence_task()
    {
        var error = Assert.Single(Validate(TaskKind.Sst2, new MethodSpec { Kind = MethodKind.ZeroShot }));

        Assert.Equal("method.kind", error.Field);
        Assert.Contains("Zero-shot decides by the cosine of two texts' embeddings", error.Message);
    }

    [Fact]
    public void A_bi_encoder_is_refused_on_a_single_sentence_task_but_the_empty_head_is_accepted()
    {
        var error = Assert.Single(Validate(TaskKind.Cola, new MethodSpec { Kind = MethodKind.Lora }, new HeadSpec { Kind = HeadKind.BiEncoder }));

        Assert.Equal("head.kind", error.Field);
        Assert.Contains("no pair for a bi-encoder", error.Message);
        Assert.Empty(Validate(TaskKind.Cola, new MethodSpec { Kind = MethodKind.Lora }, new HeadSpec()));
    }

    [Theory]
    [InlineData(TaskKind.Qnli)]
    [InlineData(TaskKind.Rte)]
    [InlineData(TaskKind.Mrpc)]
    public void The_whole_method_is_accepted_on_every_two_class_pair_task(TaskKind task)
    {
        Assert.Empty(Validate(task, new MethodSpec { Kind = MethodKind.EnhancedLora }));
    }

    [Theory]
    [InlineData(TaskKind.Mnli)]
    [InlineData(TaskKind.Stsb)]
    public void Mnli_and_sts_b_train_with_lora(TaskKind task)
    {
        Assert.Empty(Validate(task, new MethodSpec { Kind = MethodKind.Lora }));
    }

    [Fact]
    public void Choosing_checkpoints_by_pearson_is_refused_on_a_task_with_classes()
    {
        var spec = new ExperimentSpec
        {
            Dataset = new DatasetSpec { Task = TaskKind.Mnli, TrainFile = "train.tsv", ValidationFile = "dev.tsv" },
            Method = new MethodSpec { Kind = MethodKind.Lora },
            Training = new TrainingSpec { BestMetric = CheckpointMetric.Pearson },
        };

        var error = Assert.Single(SpecValidator.Validate(spec, Files));

        Assert.Equal("training.bestMetric", error.Field);
        Assert.Contains("MNLI has classes", error.Message);
    }

    [Fact]
    public void An_old_two_class_custom_spec_is_accepted_unchanged_with_the_whole_method()
    {
        Assert.Empty(Validate(CustomPair, new MethodSpec { Kind = MethodKind.EnhancedLora }));
        Assert.Empty(Validate(CustomPair, new MethodSpec { Kind = MethodKind.ZeroShot }));
    }

    [Theory]
    [InlineData("", false, "a single-sentence task")]
    [InlineData("b", true, "a regression task")]
    public void The_matching_score_is_refused_on_a_single_text_custom_task_and_on_a_custom_regression(string textB, bool regression, string what)
    {
        var errors = Validate(CustomPair with { TextBColumn = textB, Regression = regression }, new MethodSpec { Kind = MethodKind.EnhancedLora });

        var error = Assert.Single(errors);
        Assert.Equal("method.densityMatching", error.Field);
        Assert.Contains($"Custom columns is {what}", error.Message);
    }

    [Fact]
    public void A_custom_task_with_three_class_names_refuses_zero_shot_and_choosing_checkpoints_by_pearson()
    {
        var threeClasses = CustomPair with { LabelNames = ["yes", "maybe", "no"] };

        Assert.Contains("a 3-class task", Assert.Single(Validate(threeClasses, new MethodSpec { Kind = MethodKind.ZeroShot })).Message);
        var byPearson = SpecValidator.Validate(
            new ExperimentSpec { Dataset = threeClasses, Method = new MethodSpec(), Training = new TrainingSpec { BestMetric = CheckpointMetric.Pearson } }, Files);
        Assert.Equal("training.bestMetric", Assert.Single(byPearson).Field);
        Assert.Empty(Validate(threeClasses, new MethodSpec { Kind = MethodKind.EnhancedLora, DensityMatching = false }));
    }

    [Fact]
    public void A_custom_regression_may_choose_checkpoints_by_pearson()
    {
        var spec = new ExperimentSpec
        {
            Dataset = CustomPair with { Regression = true }, Method = new MethodSpec(), Training = new TrainingSpec { BestMetric = CheckpointMetric.Pearson },
        };

        Assert.Empty(SpecValidator.Validate(spec, Files));
    }

    [Fact]
    public void A_custom_task_needs_its_first_text_and_label_columns_but_not_a_second_text()
    {
        var errors = Validate(CustomPair with { TextAColumn = "", TextBColumn = "", LabelColumn = " " }, new MethodSpec());

        Assert.Equal(["dataset.textAColumn", "dataset.labelColumn"], errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(new[] { "spam" }, "at least two class names")]
    [InlineData(new[] { "spam", "" }, "no empty name")]
    [InlineData(new[] { "spam", "ham", "spam" }, "only once")]
    [InlineData(new[] { "spam", " ham" }, "no spaces at either end")]
    public void Class_names_that_are_not_two_or_more_distinct_names_are_refused_on_the_label_names(string[] names, string message)
    {
        var error = Assert.Single(Validate(CustomPair with { LabelNames = names }, new MethodSpec()));

        Assert.Equal("dataset.labelNames", error.Field);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Class_names_and_a_regression_together_are_refused_on_the_label_names()
    {
        var error = Assert.Single(Validate(CustomPair with { LabelNames = ["low", "high"], Regression = true }, new MethodSpec()));

        Assert.Equal("dataset.labelNames", error.Field);
        Assert.Contains("a regression's label is a score", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static readonly DatasetSpec CustomPair = new()
    {
        Task = TaskKind.Custom, TrainFile = "train.tsv", ValidationFile = "dev.tsv", TextAColumn = "a", TextBColumn = "b", LabelColumn = "label",
    };

    private static IReadOnlyList<ValidationError> Validate(TaskKind task, MethodSpec method, HeadSpec? head = null) =>
        Validate(new DatasetSpec { Task = task, TrainFile = "train.tsv", ValidationFile = "dev.tsv" }, method, head);

    private static IReadOnlyList<ValidationError> Validate(DatasetSpec dataset, MethodSpec method, HeadSpec? head = null) =>
        SpecValidator.Validate(new ExperimentSpec { Dataset = dataset, Method = method, Head = head ?? new HeadSpec() }, Files);
}
