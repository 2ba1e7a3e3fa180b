using LabPortal.Agent.Commands;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Tests.Commands;

public sealed class TrainOptionsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Every_flag_sets_its_spec_field()
    {
        var options = TrainOptions.Parse(
        [
            "--task", "mrpc", "--train-file", "t.tsv", "--validation-file", "v.tsv", "--model", "minilm", "--method", "enhanced-lora",
            "--lora-r", "16", "--lora-alpha", "32", "--lr-scale-a", "0.5", "--lr-scale-b", "8", "--no-adaptive-lr", "--no-lowrank-init", "--no-match-score",
            "--gamma", "0.3", "--delta", "0.2", "--target-modules", "query,key, value", "--epochs", "2", "--batch-size", "8", "--learning-rate", "2e-4",
            "--max-seq-length", "64", "--seed", "7", "--threads", "2", "--output-dir", "out", "--max-train-samples", "500",
            "--checkpoint-every", "5", "--resume-from", "out/checkpoint",
        ]);

        var spec = options.Spec;
        Assert.Equal((TaskKind.Mrpc, "t.tsv", "v.tsv", "minilm"), (spec.Dataset.Task, spec.Dataset.TrainFile, spec.Dataset.ValidationFile, spec.Model));
        Assert.Equal(MethodKind.EnhancedLora, spec.Method.Kind);
        Assert.Equal((16, 32.0, 0.5, 8.0, 0.3, 0.2), (spec.Method.Rank, spec.Method.Alpha, spec.Method.LrScaleA, spec.Method.LrScaleB, spec.Method.Gamma, spec.Method.Delta));
        Assert.False(spec.Method.AdaptiveLearningRates || spec.Method.DecompositionInit || spec.Method.DensityMatching);
        Assert.Equal(["query", "key", "value"], spec.Method.TargetModules);
        Assert.Equal((2, 8, 2e-4, 64), (spec.Training.Epochs, spec.Training.BatchSize, spec.Training.LearningRate, spec.Training.MaxLength));
        Assert.Equal([7], options.RunSeeds);
        Assert.Equal((2, 500), (options.Threads, options.MaxTrainSamples));
        Assert.Equal((5, "out/checkpoint"), (options.CheckpointEverySteps, options.ResumeFrom));
        Assert.Equal(Path.GetFullPath("out"), options.OutputFolder(7, DateTime.Now));
    }

    [Fact]
    public void A_custom_dataset_takes_its_class_names_or_regression_from_flags_and_one_text_when_no_second_column_is_given()
    {
        var named = TrainOptions.Parse(["--model", "tiny", "--method", "lora", "--task", "custom", "--text-a-column", "review", "--label-column", "stars", "--label-names", "bad, ok,good"]).Spec.Dataset;
        var scored = TrainOptions.Parse(["--model", "tiny", "--method", "lora", "--task", "custom", "--text-a-column", "a", "--text-b-column", "b", "--label-column", "s", "--regression"]).Spec.Dataset;

        Assert.Equal((TaskKind.Custom, "review", "", "stars", false), (named.Task, named.TextAColumn, named.TextBColumn, named.LabelColumn, named.Regression));
        Assert.Equal(["bad", "ok", "good"], named.LabelNames);
        Assert.True(TaskFacts.For(named).SingleText);
        Assert.Equal((true, 0), (scored.Regression, scored.LabelNames.Count));
        Assert.Equal(("label-names", "regression"), (TrainFlags.ForField("dataset.labelNames")?.Name, TrainFlags.ForField("dataset.regression")?.Name));
    }

    [Fact]
    public void Gamma_and_delta_can_be_left_to_the_selection_split_with_choose()
    {
        var spec = TrainOptions.Parse(["--model", "tiny", "--method", "enhanced-lora", "--gamma", "choose", "--delta", "0.2"]).Spec;

        Assert.Equal((null, 0.2), (spec.Method.Gamma, spec.Method.Delta));
        var defaults = TrainOptions.Parse(["--model", "tiny", "--method", "enhanced-lora"]).Spec.Method;
        Assert.Equal((0.5, 0.1), (defaults.Gamma, defaults.Delta));
    }

    [Fact]
    public void Lr_ratio_sets_beta_with_alpha_one()
    {
        var spec = TrainOptions.Parse(["--model", "tiny", "--method", "enhanced-lora", "--lr-scale-a", "0.5", "--lr-ratio", "4"]).Spec;

        Assert.Equal((1.0, 4.0), (spec.Method.LrScaleA, spec.Method.LrScaleB));
    }

    [Fact]
    public void Flags_override_a_spec_file_and_several_seeds_get_a_folder_each()
    {
        var file = _temp.Write("spec.json", LabJson.Serialize(new ExperimentSpec { Model = "tiny", Method = new MethodSpec { Kind = MethodKind.Full, Rank = 2 } }));

        var options = TrainOptions.Parse(["--spec", file, "--method", "lora", "--seeds", "1,2,3", "--output-dir", "out"]);

        Assert.Equal(("tiny", MethodKind.Lora, 2), (options.Spec.Model, options.Spec.Method.Kind, options.Spec.Method.Rank));
        Assert.Equal([1, 2, 3], options.RunSeeds);
        Assert.Equal(Path.GetFullPath(Path.Combine("out", "seed2")), options.OutputFolder(2, DateTime.Now));
    }

    [Fact]
    public void Without_an_output_folder_a_run_goes_under_runs_named_by_time_method_and_seed()
    {
        var options = TrainOptions.Parse(["--model", "tiny", "--method", "head-only"]);

        Assert.Equal(Path.GetFullPath(Path.Combine("runs", "20250102-030405-head-only-seed42")), options.OutputFolder(42, new DateTime(2025, 1, 2, 3, 4, 5)));
    }

    [Theory]
    [InlineData("--lora-r four", "--lora-r must be a whole number")]
    [InlineData("--method qlora", "--method must be one of enhanced-lora, lora, full, head-only")]
    [InlineData("--task sts", "--task must be one of qqp, mrpc, custom")]
    [InlineData("--learning-rate fast", "--learning-rate must be a number")]
    [InlineData("--rank 8", "Unrecognized command or argument '--rank'")]
    [InlineData("--limit 10", "Unrecognized command or argument '--limit'")]
    [InlineData("--colour red", "Unrecognized command or argument '--colour'")]
    [InlineData("--epochs", "Required argument missing for option: '--epochs'")]
    [InlineData("--seed 1 --seeds 2,3", "not both")]
    [InlineData("--seed 1 --seed 2", "Option '--seed' expects a single argument but 2 were provided")]
    [InlineData("--threads 0", "--threads must be at least 1")]
    [InlineData("--seeds 1,2 --resume-from c", "give --seed, not --seeds")]
    public void A_bad_argument_is_refused_naming_it(string extra, string message)
    {
        string[] method = extra.Contains("--method", StringComparison.Ordinal) ? [] : ["--method", "lora"];
        var error = Assert.Throws<ArgumentException>(() => TrainOptions.Parse(["--model", "tiny", .. method, .. extra.Split(' ')]));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Model_and_method_are_required_without_a_spec_file()
    {
        var error = Assert.Throws<ArgumentException>(() => TrainOptions.Parse(["--model", "tiny"]));

        Assert.Contains("--method", error.Message);
    }
}
