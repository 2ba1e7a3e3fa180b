using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;

namespace LabPortal.Shared.Tests.Hostile;

/// <summary>
/// Hostile input catalogue, the validator's own cases (docs/hostile-inputs.md): values JSON over the API cannot carry
/// (NaN, ±Infinity, enum values naming no member from C#) but a form, the agent's command line or a script can.
/// The one validator refuses each under its field.
/// </summary>
public sealed class HostileSpecValidatorTests
{
    private sealed class Files : IDatasetFiles
    {
        public bool Exists(string path) => path.StartsWith("demo/", StringComparison.Ordinal);

        public int CountExamples(string path, DatasetSpec dataset) => 100;

        public string? RefusePath(string path) => path.Contains("..", StringComparison.Ordinal) ? $"'{path}' climbs out with '..'." : null;
    }

    private static ExperimentRequest Valid() => new()
    {
        Name = "hostile",
        Spec = new ExperimentSpec
        {
            Dataset = new DatasetSpec { TrainFile = "demo/train.tsv", ValidationFile = "demo/dev.tsv" },
            Method = new MethodSpec { Kind = MethodKind.EnhancedLora },
            Training = new TrainingSpec { BatchSize = 16 },
        },
    };

    private static ExperimentRequest With(Func<ExperimentSpec, ExperimentSpec> change) => Valid() with { Spec = change(Valid().Spec) };

    public static TheoryData<string, Func<ExperimentRequest>, string, string> BadRequests => new()
    {
        { "alpha NaN", () => With(s => s with { Method = s.Method with { Alpha = double.NaN } }), "spec.method.alpha", "(got NaN)" },
        { "alpha +∞", () => With(s => s with { Method = s.Method with { Alpha = double.PositiveInfinity } }), "spec.method.alpha", "finite number greater than 0 (got Infinity)" },
        { "dropout NaN", () => With(s => s with { Method = s.Method with { Dropout = double.NaN } }), "spec.method.dropout", "below 1" },
        { "β NaN", () => With(s => s with { Method = s.Method with { LrScaleB = double.NaN } }), "spec.method.lrScaleB", "greater than 0" },
        { "γ −∞", () => With(s => s with { Method = s.Method with { Gamma = double.NegativeInfinity } }), "spec.method.gamma", "between 0 and 1" },
        { "learning rate +∞", () => With(s => s with { Training = s.Training with { LearningRate = double.PositiveInfinity } }), "spec.training.learningRate", "below 1" },
        { "learning rate NaN", () => With(s => s with { Training = s.Training with { LearningRate = double.NaN } }), "spec.training.learningRate", "greater than 0" },
        { "gradient clip +∞", () => With(s => s with { Training = s.Training with { MaxGradNorm = double.PositiveInfinity } }), "spec.training.maxGradNorm", "positive number" },
        { "warm-up NaN", () => With(s => s with { Training = s.Training with { WarmupRatio = double.NaN } }), "spec.training.warmupRatio", "below 1" },
        { "method kind 42", () => With(s => s with { Method = s.Method with { Kind = (MethodKind)42 } }), "spec.method.kind", "42 is not a known MethodKind" },
        { "task −1", () => With(s => s with { Dataset = s.Dataset with { Task = (TaskKind)(-1) } }), "spec.dataset.task", "is not a known TaskKind" },
        { "format 9", () => With(s => s with { Dataset = s.Dataset with { Format = (DatasetFormat)9 } }), "spec.dataset.format", "is not a known DatasetFormat" },
        { "selection split +∞", () => With(s => s with { Training = s.Training with { SelectionSplit = double.PositiveInfinity } }), "spec.training.selectionSplit", "between 0 and 0.5" },
        { "pooling 9", () => With(s => s with { Head = new HeadSpec { Pooling = (PoolingKind)9 } }), "spec.head.pooling", "9 is not a known PoolingKind" },
        { "head kind −1", () => With(s => s with { Head = new HeadSpec { Kind = (HeadKind)(-1) } }), "spec.head.kind", "is not a known HeadKind" },
        { "best metric 9", () => With(s => s with { Training = s.Training with { BestMetric = (CheckpointMetric)9 } }), "spec.training.bestMetric", "Unknown best metric 9" },
        { "α +∞", () => With(s => s with { Method = s.Method with { LrScaleA = double.PositiveInfinity } }), "spec.method.lrScaleA", "finite number greater than 0" },
        { "preset 9", () => Valid() with { Preset = (PresetKind)9 }, "preset", "not a known preset" },
        { "path refused", () => With(s => s with { Dataset = s.Dataset with { TrainFile = "demo/../../secret.tsv" } }), "spec.dataset.trainFile", "The training file: 'demo/../../secret.tsv' climbs out" },
        { "sweep NaN", () => Valid() with { Preset = PresetKind.AlphaBetaSweep, SweepB = [double.NaN] }, "sweepB", "greater than 0 and at most 1000" },
        { "seed repeat past int.MaxValue", () => Valid() with { Preset = PresetKind.SeedRepeat, Seeds = [int.MaxValue - 1], SeedRepeats = 5 }, "seeds", "passes the largest seed" },
        { "name of whitespace", () => Valid() with { Name = " \t\n " }, "name", "Give the experiment a name" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public void A_value_no_json_client_can_send_is_still_refused_under_its_field(string what, Func<ExperimentRequest> request, string field, string fragment)
    {
        var errors = SpecValidator.Validate(request(), new Files());

        Assert.True(errors.Any(e => e.Field == field && e.Message.Contains(fragment, StringComparison.Ordinal)),
            $"{what}: expected '{fragment}' under '{field}', got: {string.Join(" | ", errors.Select(e => $"{e.Field}: {e.Message}"))}");
    }

    [Fact]
    public void The_request_the_cases_start_from_is_valid() => Assert.Empty(SpecValidator.Validate(Valid(), new Files()));

    [Fact]
    public void A_refused_path_is_not_also_looked_up_on_disk()
    {
        var errors = SpecValidator.Validate(With(s => s with { Dataset = s.Dataset with { ValidationFile = "../dev.tsv" } }), new Files());

        Assert.Equal(["The validation file: '../dev.tsv' climbs out with '..'."], errors.Where(e => e.Field == "spec.dataset.validationFile").Select(e => e.Message));
    }
}
