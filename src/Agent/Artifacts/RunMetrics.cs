using System.Text.Json.Serialization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Artifacts;

/// <summary>
/// A finished run in one flat object: the final decisions' metrics (S_match ≥ τ with C3, else the classifier's) and
/// what is needed to compare and reproduce it. metrics.json adds the spec; the train command prints it as a JSON line.
/// </summary>
public sealed record RunMetrics : DecisionMetrics
{
    // The seed first, then the base record's metrics, then the rest (System.Text.Json puts derived properties first).
    [JsonPropertyOrder(-1)]
    public int Seed { get; init; }

    [JsonPropertyOrder(1)]
    public MethodKind Method { get; init; }

    /// <summary>The classifier's own decisions when C3 made the final ones; null otherwise (then they are the same).</summary>
    [JsonPropertyOrder(1)]
    public DecisionMetrics? Classifier { get; init; }

    /// <summary>C3's τ, chosen on the training split; null without C3.</summary>
    [JsonPropertyOrder(1)]
    public double? Threshold { get; init; }

    [JsonPropertyOrder(1)]
    public double EvaluationLoss { get; init; }

    [JsonPropertyOrder(1)]
    public int Steps { get; init; }

    [JsonPropertyOrder(1)]
    public double Seconds { get; init; }

    [JsonPropertyOrder(1)]
    public long TrainableParameters { get; init; }

    [JsonPropertyOrder(1)]
    public long TotalParameters { get; init; }

    [JsonPropertyOrder(1)]
    public string DatasetFingerprint { get; init; } = "";

    /// <summary>The artifact folder, when the run wrote one.</summary>
    [JsonPropertyOrder(1)]
    public string? Output { get; init; }

    public RunMetrics()
    {
    }

    /// <summary>Starts from the final decisions' metrics (the record's copy constructor carries them over).</summary>
    private RunMetrics(DecisionMetrics final) : base(final)
    {
    }

    public static RunMetrics From(ExperimentSpec spec, TrainingResult result, string? output) => new(DecisionMetrics.From(result.Evaluation))
    {
        Seed = spec.Seed,
        Method = spec.Method.Kind,
        Classifier = result.MatchingThreshold is null ? null : DecisionMetrics.From(result.ClassifierEvaluation),
        Threshold = result.MatchingThreshold,
        EvaluationLoss = result.EvaluationLoss,
        Steps = result.Steps,
        Seconds = Math.Round(result.TrainSeconds, 2),
        TrainableParameters = result.TrainableParameters,
        TotalParameters = result.TotalParameters,
        DatasetFingerprint = result.DatasetFingerprint,
        Output = output,
    };
}
