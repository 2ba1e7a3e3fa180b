using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;

namespace LabPortal.Shared.Tests.Validation;

/// <summary>A run may not choose its checkpoint on the file it reports, unless the spec says so out loud.</summary>
public sealed class ModelSelectionValidationTests
{
    private static ExperimentSpec Spec(Func<TrainingSpec, TrainingSpec> training, MethodKind method = MethodKind.Lora) => new()
    {
        Dataset = new DatasetSpec { Task = TaskKind.Qqp, TrainFile = "train.tsv", ValidationFile = "dev.tsv" },
        Method = new MethodSpec { Kind = method },
        Training = training(new TrainingSpec()),
    };

    [Fact]
    public void Choosing_the_best_checkpoint_with_no_selection_split_is_refused_on_the_selection_split_field()
    {
        var errors = SpecValidator.Validate(Spec(t => t with { SelectionSplit = 0, BestMetric = CheckpointMetric.Accuracy }), files: null);

        var error = Assert.Single(errors);
        Assert.Equal("training.selectionSplit", error.Field);
        Assert.Contains("allowSelectionOnEvaluation", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Early_stopping_with_no_selection_split_is_refused_too()
    {
        var errors = SpecValidator.Validate(Spec(t => t with { SelectionSplit = 0, BestMetric = CheckpointMetric.Loss, EarlyStoppingPatience = 2 }), files: null);

        Assert.Equal("training.selectionSplit", Assert.Single(errors).Field);
    }

    [Fact]
    public void The_flag_lets_a_run_select_on_evaluation_data_and_marks_it_so()
    {
        var spec = Spec(t => t with { SelectionSplit = 0, BestMetric = CheckpointMetric.Mcc, AllowSelectionOnEvaluation = true });

        Assert.Empty(SpecValidator.Validate(spec, files: null));
        Assert.True(ModelSelection.SelectsOnEvaluation(spec));
    }

    [Theory]
    [InlineData(0.1, CheckpointMetric.Accuracy)] // the default: selects on the held-out split
    [InlineData(0, CheckpointMetric.Last)]        // selects nothing: the last model is reported
    public void A_run_that_selects_on_held_out_pairs_or_not_at_all_is_accepted_without_the_flag(double split, CheckpointMetric metric)
    {
        var spec = Spec(t => t with { SelectionSplit = split, BestMetric = metric });

        Assert.Empty(SpecValidator.Validate(spec, files: null));
        Assert.False(ModelSelection.SelectsOnEvaluation(spec));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(0.6)]
    [InlineData(double.NaN)]
    public void A_selection_split_outside_zero_to_a_half_is_refused(double split)
    {
        var error = Assert.Single(SpecValidator.Validate(Spec(t => t with { SelectionSplit = split }), files: null));

        Assert.Equal("training.selectionSplit", error.Field);
        Assert.Contains("between 0 and 0.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_shot_with_a_cross_encoder_is_refused_since_it_compares_each_texts_own_embedding()
    {
        var spec = Spec(t => t, MethodKind.ZeroShot) with { Head = new HeadSpec { Kind = HeadKind.CrossEncoder } };

        Assert.Equal("head.kind", Assert.Single(SpecValidator.Validate(spec, files: null)).Field);
    }

    [Fact]
    public void An_empty_learning_rate_takes_the_methods_tuned_default_and_a_given_one_is_kept()
    {
        var empty = Spec(t => t with { LearningRate = null }, MethodKind.Full);

        Assert.Empty(SpecValidator.Validate(empty, files: null));
        Assert.Equal(TunedDefaults.FullLearningRate, TunedDefaults.Resolve(empty).Training.LearningRate);
        Assert.Equal(TunedDefaults.LoraLearningRate, TunedDefaults.Resolve(empty with { Method = new MethodSpec { Kind = MethodKind.Lora } }).Training.LearningRate);
        Assert.Equal(2e-4, TunedDefaults.Resolve(Spec(t => t with { LearningRate = 2e-4 })).Training.LearningRate);
        Assert.Equal(HeadKind.BiEncoder, TunedDefaults.Resolve(Spec(t => t, MethodKind.ZeroShot)).Head.Kind);
    }
}
