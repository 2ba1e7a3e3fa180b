using LabPortal.Portal.Components.Pages.Experiments;
using LabPortal.Portal.Components.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Tests.Components;

public sealed class ExperimentFormTests
{
    [Fact]
    public void An_enhanced_lora_form_carries_every_part_and_its_settings_into_the_spec()
    {
        var form = new ExperimentForm
        {
            Name = "ours", Method = MethodKind.EnhancedLora, TargetModules = "query, value ,key", RsLora = true,
            LrScaleA = 0.5, LrScaleB = 8, AdaptiveLearningRates = true, DecompositionInit = false, DensityMatching = true,
            Gamma = 0.3, Delta = 0.2, Seeds = "1 2;3",
        };

        var (request, seedError) = form.ToRequest();

        Assert.Null(seedError);
        var method = request.Spec.Method;
        Assert.Equal(MethodKind.EnhancedLora, method.Kind);
        Assert.Equal(["query", "value", "key"], method.TargetModules);
        Assert.True(method.RsLora);
        Assert.Equal((0.5, 8.0, 0.3, 0.2), (method.LrScaleA, method.LrScaleB, method.Gamma, method.Delta));
        Assert.Equal((true, false, true), (method.AdaptiveLearningRates, method.DecompositionInit, method.DensityMatching));
        Assert.Equal([1, 2, 3], request.Seeds);
    }

    [Fact]
    public void A_form_cloned_from_a_spec_gives_back_the_same_spec_including_options_it_does_not_show()
    {
        var spec = new ExperimentSpec
        {
            Model = "minilm", Seed = 9,
            Dataset = new DatasetSpec { Task = TaskKind.Custom, TrainFile = "a.csv", ValidationFile = "b.csv", TextAColumn = "x", TextBColumn = "y", LabelColumn = "z" },
            Method = new MethodSpec { Kind = MethodKind.EnhancedLora, Rank = 16, TargetModules = ["query", "key"], LrScaleB = 8, DensityMatching = false },
            Training = new TrainingSpec { Epochs = 4, WarmupRatio = 0.2, Schedule = ScheduleKind.Cosine, LogEverySteps = 3 },
        };

        var (request, _) = ExperimentForm.From(spec, "clone").ToRequest();

        Assert.Equal(LabPortal.Shared.LabJson.Serialize(spec), LabPortal.Shared.LabJson.Serialize(request.Spec));
    }

    [Theory]
    [InlineData("", new[] { "neg", "neutral", "pos" }, false)]
    [InlineData("y", new string[0], true)]
    [InlineData("", new string[0], false)]
    public void A_custom_spec_with_one_text_class_names_or_a_score_round_trips_through_the_form(string textB, string[] names, bool regression)
    {
        var spec = new ExperimentSpec
        {
            Dataset = new DatasetSpec
            {
                Task = TaskKind.Custom, TrainFile = "a.jsonl", ValidationFile = "b.jsonl", TextAColumn = "x", TextBColumn = textB, LabelColumn = "z",
                LabelNames = names, Regression = regression,
            },
        };

        var form = ExperimentForm.From(spec, "clone");
        var (request, _) = form.ToRequest();

        var kind = regression ? CustomLabelKind.Score : names.Length > 0 ? CustomLabelKind.ClassNames : CustomLabelKind.ZeroOne;
        Assert.Equal(kind, form.LabelChoice.Kind);
        Assert.Equal(LabPortal.Shared.LabJson.Serialize(spec), LabPortal.Shared.LabJson.Serialize(request.Spec));
    }

    [Fact]
    public void Class_names_typed_with_spaces_become_trimmed_names_and_only_the_chosen_label_kind_reaches_the_spec()
    {
        var form = new ExperimentForm { Task = TaskKind.Custom, LabelChoice = { Kind = CustomLabelKind.ClassNames, Names = " neg ,neutral,  pos" } };

        Assert.Equal(["neg", "neutral", "pos"], form.ToRequest().Request.Spec.Dataset.LabelNames);
        form.LabelChoice.Kind = CustomLabelKind.Score;
        var dataset = form.ToRequest().Request.Spec.Dataset;
        Assert.Equal((0, true), (dataset.LabelNames.Count, dataset.Regression));
    }

    [Fact]
    public void Head_pooling_selection_split_and_an_empty_learning_rate_round_trip_through_the_form()
    {
        var spec = new ExperimentSpec
        {
            Model = "minilm",
            Dataset = new DatasetSpec { TrainFile = "a.tsv", ValidationFile = "b.tsv" },
            Method = new MethodSpec { Kind = MethodKind.ZeroShot },
            Head = new HeadSpec { Kind = HeadKind.BiEncoder, Pooling = PoolingKind.Cls },
            Training = new TrainingSpec { LearningRate = null, SelectionSplit = 0.2 },
        };

        var form = ExperimentForm.From(spec, "zero");
        var (request, _) = form.ToRequest();

        Assert.Equal((HeadKind.BiEncoder, PoolingKind.Cls, (double?)null, 0.2), (form.Head, form.Pooling, form.LearningRate, form.SelectionSplit));
        Assert.Equal(LabPortal.Shared.LabJson.Serialize(spec), LabPortal.Shared.LabJson.Serialize(request.Spec));
    }

    [Fact]
    public void A_form_left_at_the_model_default_head_sends_no_head_choice()
    {
        var (request, _) = new ExperimentForm { Model = "minilm" }.ToRequest();

        Assert.Equal(new HeadSpec(), request.Spec.Head);
    }

    [Fact]
    public void The_paper_ablation_preset_on_three_seeds_previews_twelve_runs()
    {
        var form = new ExperimentForm { Preset = PresetKind.PaperAblation, Seeds = "1, 2, 3" };

        Assert.Equal(12, form.ToRequest().Request.ExpandRuns().Count);
    }

    [Fact]
    public void A_sweep_value_that_is_not_a_number_is_refused_by_the_validator()
    {
        var form = new ExperimentForm { Name = "sweep", Preset = PresetKind.AlphaBetaSweep, SweepB = "4, many" };

        var errors = LabPortal.Shared.Validation.SpecValidator.Validate(form.ToRequest().Request, files: null);

        Assert.Contains(errors, e => e.Field == "sweepB");
    }

    [Fact]
    public void A_bad_seed_is_reported_while_the_rest_of_the_form_is_still_checked()
    {
        var form = new ExperimentForm { Seeds = "4, x" };

        var (request, seedError) = form.ToRequest();

        Assert.Equal("seeds", seedError?.Field);
        Assert.Equal([4], request.Seeds);
        Assert.Equal("data/demo/train.tsv", request.Spec.Dataset.TrainFile);
    }
}
