using System.Text.Json.Serialization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Artifacts;

/// <summary>
/// A finished run in one flat object — result.json, and the line the train command prints: the final decisions'
/// metrics (S_match ≥ τ with C3, else the classifier's), the classifier's own with τ under C3, cost, and what is
/// needed to compare and reproduce the run (seed, data digest, spec).
/// </summary>
public sealed record RunResult : DecisionMetrics
{
    // The seed first, then the base record's metrics, then the rest (System.Text.Json puts derived properties first).
    [JsonPropertyOrder(-1)]
    public int Seed { get; init; }

    [JsonPropertyOrder(1)]
    public MethodKind Method { get; init; }

    /// <summary>The classifier's own decisions when C3 made the final ones; null otherwise (then they are the same).</summary>
    [JsonPropertyOrder(1)]
    public DecisionMetrics? Classifier { get; init; }

    /// <summary>τ chosen on held-out training pairs: C3's on S_match, zero-shot's on the cosine; null otherwise.</summary>
    [JsonPropertyOrder(1)]
    public double? Threshold { get; init; }

    /// <summary>C3's γ and δ that made the decisions with τ (chosen on the selection split when the spec left them empty).</summary>
    [JsonPropertyOrder(1)]
    public double? Gamma { get; init; }

    [JsonPropertyOrder(1)]
    public double? Delta { get; init; }

    [JsonPropertyOrder(1)]
    public double? EvaluationLoss { get; init; }

    /// <summary>The reported model's metrics on the selection split (held out of the training file) that chose it.</summary>
    [JsonPropertyOrder(1)]
    public DecisionMetrics? Selection { get; init; }

    [JsonPropertyOrder(1)]
    public int Steps { get; init; }

    /// <summary>The step whose parameters were reported when the spec keeps the best; null when it keeps the last.</summary>
    [JsonPropertyOrder(1)]
    public int? BestStep { get; init; }

    [JsonPropertyOrder(1)]
    public long TrainableParameters { get; init; }

    [JsonPropertyOrder(1)]
    public long TotalParameters { get; init; }

    /// <summary>Training throughput: examples through forward, backward and step per second, evaluation excluded.</summary>
    [JsonPropertyOrder(1)]
    public double ExamplesPerSecond { get; init; }

    /// <summary>A regression task's Pearson, Spearman and MSE on the validation file (the class metrics above are then 0).</summary>
    [JsonPropertyOrder(1)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RegressionScores? Regression { get; init; }

    /// <summary>The whole run: loading, training and evaluating.</summary>
    [JsonPropertyOrder(1)]
    public double WallSeconds { get; init; }

    /// <summary>The process's peak working set, so it includes the .NET runtime and libtorch, not only the tensors.</summary>
    [JsonPropertyOrder(1)]
    public long PeakMemoryBytes { get; init; }

    /// <summary>SHA-256 over the training and validation files (see <see cref="Data.DatasetFingerprint"/>).</summary>
    [JsonPropertyOrder(1)]
    public string DatasetSha256 { get; init; } = "";

    /// <summary>The weights' file or folder in the artifact folder, null when the method leaves none or there is no folder.</summary>
    [JsonPropertyOrder(1)]
    public string? Weights { get; init; }

    /// <summary>The artifact folder, when the run wrote one.</summary>
    [JsonPropertyOrder(1)]
    public string? Output { get; init; }

    [JsonPropertyOrder(2)]
    public ExperimentSpec? Spec { get; init; }

    public RunResult()
    {
    }

    /// <summary>Starts from the final decisions' metrics (the record's copy constructor carries them over).</summary>
    private RunResult(DecisionMetrics final) : base(final)
    {
    }

    public static RunResult From(ExperimentSpec spec, TrainingResult result, string? output) => new(DecisionMetrics.From(result.Evaluation))
    {
        Seed = spec.Seed,
        Method = spec.Method.Kind,
        Classifier = result is { DecidedByMatchingScore: true, ClassifierEvaluation: { } own } ? DecisionMetrics.From(own) : null,
        Threshold = result.MatchingThreshold,
        Gamma = result.MatchingGamma,
        Delta = result.MatchingDelta,
        EvaluationLoss = result.EvaluationLoss,
        Regression = result.Regression,
        Selection = result.SelectionEvaluation is { } selection ? DecisionMetrics.From(selection) : null,
        Steps = result.Steps,
        BestStep = result.BestStep,
        TrainableParameters = result.TrainableParameters,
        TotalParameters = result.TotalParameters,
        ExamplesPerSecond = Math.Round(result.ExamplesPerSecond, 2),
        WallSeconds = Math.Round(result.TrainSeconds, 2),
        PeakMemoryBytes = result.PeakMemoryBytes,
        DatasetSha256 = result.DatasetFingerprint,
        Weights = output is null ? null : RunArtifacts.WeightsName(spec.Method.Kind),
        Output = output,
        Spec = spec,
    };
}
