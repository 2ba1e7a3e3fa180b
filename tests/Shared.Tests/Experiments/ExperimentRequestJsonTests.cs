using System.Text.Json;
using System.Text.Json.Nodes;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Tests.Experiments;

public sealed class ExperimentRequestJsonTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private static ExperimentRequest SampleRequest() => new()
    {
        Name = "enhanced vs plain, rank 16",
        Spec = new ExperimentSpec
        {
            Model = "tiny",
            Dataset = new DatasetSpec { Task = TaskKind.Qqp, TrainFile = "demo/train.tsv", ValidationFile = "demo/dev.tsv" },
            Method = new MethodSpec
            {
                Kind = MethodKind.EnhancedLora,
                Rank = 16,
                Alpha = 32,
                Dropout = 0.05,
                TargetModules = ["query", "key", "value"],
                RsLora = true,
                LrScaleB = 8,
                Gamma = 0.25,
                Delta = 0.2,
            },
            Training = new TrainingSpec { Epochs = 2, BatchSize = 16, LearningRate = 3e-4, Schedule = ScheduleKind.Linear },
            Seed = 7,
        },
        Seeds = [11, 12, 13],
    };

    [Fact]
    public void A_request_survives_a_round_trip_through_json_with_web_defaults()
    {
        var original = SampleRequest();

        var json = JsonSerializer.Serialize(original, Web);
        var copy = JsonSerializer.Deserialize<ExperimentRequest>(json, Web);

        Assert.NotNull(copy);
        // The records hold lists, which compare by reference; compare their contents and the rest by value.
        Assert.Equal(original.Name, copy.Name);
        Assert.Equal(original.Seeds, copy.Seeds);
        Assert.Equal(original.Spec.Method.TargetModules, copy.Spec.Method.TargetModules);
        Assert.Equal(original.Spec.Dataset, copy.Spec.Dataset);
        Assert.Equal(original.Spec.Training, copy.Spec.Training);
        string[] sameModules = [];
        Assert.Equal(original.Spec.Method with { TargetModules = sameModules }, copy.Spec.Method with { TargetModules = sameModules });
        var sameMethod = new MethodSpec();
        Assert.Equal(original.Spec with { Method = sameMethod }, copy.Spec with { Method = sameMethod });
        Assert.Equal(json, JsonSerializer.Serialize(copy, Web));
    }

    [Fact]
    public void Property_names_are_camel_case()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(SampleRequest(), Web))!;

        Assert.Equal("demo/train.tsv", (string?)json["spec"]!["dataset"]!["trainFile"]);
        Assert.Equal(16, (int?)json["spec"]!["method"]!["rank"]);
        Assert.Equal(3e-4, (double?)json["spec"]!["training"]!["learningRate"]);
    }

    [Fact]
    public void Enums_are_written_as_their_lower_case_names()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(SampleRequest(), Web))!;

        Assert.Equal("enhanced-lora", (string?)json["spec"]!["method"]!["kind"]);
        Assert.Equal("qqp", (string?)json["spec"]!["dataset"]!["task"]);
        Assert.Equal("linear", (string?)json["spec"]!["training"]!["schedule"]);
    }

    [Theory]
    [InlineData(MethodKind.EnhancedLora, "\"enhanced-lora\"")]
    [InlineData(MethodKind.Lora, "\"lora\"")]
    [InlineData(MethodKind.Full, "\"full\"")]
    [InlineData(MethodKind.HeadOnly, "\"head-only\"")]
    public void Every_method_kind_reads_back_from_its_json_name(MethodKind kind, string json)
    {
        Assert.Equal(json, JsonSerializer.Serialize(kind, Web));
        Assert.Equal(kind, JsonSerializer.Deserialize<MethodKind>(json, Web));
    }

    [Fact]
    public void A_hand_written_request_with_only_some_fields_gets_the_defaults_for_the_rest()
    {
        const string json = """
            {
              "name": "quick demo",
              "spec": {
                "dataset": { "task": "qqp", "trainFile": "demo/train.tsv", "validationFile": "demo/dev.tsv" },
                "method": { "kind": "enhanced-lora", "gamma": 0.3 },
                "training": { "schedule": "cosine" }
              }
            }
            """;

        var request = JsonSerializer.Deserialize<ExperimentRequest>(json, Web)!;

        Assert.Equal(MethodKind.EnhancedLora, request.Spec.Method.Kind);
        Assert.Equal(0.3, request.Spec.Method.Gamma);
        Assert.Equal(new MethodSpec().Rank, request.Spec.Method.Rank);
        Assert.Equal(ScheduleKind.Cosine, request.Spec.Training.Schedule);
        Assert.Equal(new TrainingSpec().Epochs, request.Spec.Training.Epochs);
        Assert.Equal(new ExperimentSpec().Seed, request.Spec.Seed);
        Assert.Empty(request.Seeds);
    }

    [Fact]
    public void The_loop_options_read_from_camel_case_json_and_default_to_the_best_checkpoint_on_a_selection_split()
    {
        const string json = """
            { "epochs": 2, "gradientAccumulationSteps": 4, "lengthBucketing": false, "evalEverySteps": 25, "bestMetric": "mcc", "earlyStoppingPatience": 3 }
            """;

        var training = JsonSerializer.Deserialize<TrainingSpec>(json, Web)!;
        var defaults = JsonSerializer.Deserialize<TrainingSpec>("{}", Web)!;

        Assert.Equal((4, false, 25, CheckpointMetric.Mcc, 3), (training.GradientAccumulationSteps, training.LengthBucketing, training.EvalEverySteps, training.BestMetric, training.EarlyStoppingPatience));
        Assert.Equal((1, true, 0, CheckpointMetric.Accuracy, 0), (defaults.GradientAccumulationSteps, defaults.LengthBucketing, defaults.EvalEverySteps, defaults.BestMetric, defaults.EarlyStoppingPatience));
        Assert.Equal((0.1, false, null), (defaults.SelectionSplit, defaults.AllowSelectionOnEvaluation, defaults.LearningRate));
        Assert.Equal("\"loss\"", JsonSerializer.Serialize(CheckpointMetric.Loss, Web));
    }

    [Fact]
    public void An_unknown_enum_name_is_a_json_error()
    {
        const string json = """{ "name": "x", "spec": { "method": { "kind": "qlora" } } }""";

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ExperimentRequest>(json, Web));
    }

    [Fact]
    public void A_confusion_matrix_survives_a_round_trip_through_json()
    {
        var counts = new ConfusionCounts(40, 10, 35, 15);

        var copy = JsonSerializer.Deserialize<ConfusionCounts>(JsonSerializer.Serialize(counts, Web), Web);

        Assert.Equal(counts, copy);
    }

    [Fact]
    public void Expanding_a_request_gives_one_spec_per_seed_in_order()
    {
        var request = SampleRequest();

        var runs = request.ExpandRuns().Select(r => r.Spec).ToList();

        Assert.Equal([11, 12, 13], runs.Select(r => r.Seed));
        Assert.All(runs, run => Assert.Equal(request.Spec with { Seed = run.Seed }, run));
    }

    [Fact]
    public void Expanding_a_request_without_seeds_gives_the_spec_with_its_own_seed()
    {
        var request = SampleRequest() with { Seeds = [] };

        var run = Assert.Single(request.ExpandRuns()).Spec;

        Assert.Equal(request.Spec, run);
        Assert.Equal(7, run.Seed);
    }
}
