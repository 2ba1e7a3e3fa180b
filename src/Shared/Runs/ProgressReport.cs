using System.Text.Json.Serialization;
using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Runs;

/// <summary>
/// One point of a run's history, as the agent sends it and the portal stores it (the portal's stored point adds only
/// its keys). <see cref="Sequence"/> counts from 1 within a run attempt, so the portal can store each report exactly
/// once however often it is resent.
/// </summary>
public record ProgressReport
{
    public long Sequence { get; init; }

    public DateTimeOffset Time { get; init; }

    public ProgressKind Kind { get; init; }

    /// <summary>Optimiser steps done so far.</summary>
    public int Step { get; init; }

    /// <summary>Optimiser steps the run will take in all.</summary>
    public int TotalSteps { get; init; }

    /// <summary>Fractional epoch, for example 1.5 halfway through the second pass.</summary>
    public double Epoch { get; init; }

    /// <summary>Training loss averaged since the previous report, or the evaluation loss.</summary>
    public double? Loss { get; init; }

    /// <summary>Learning rate applied to the head and other non-LoRA parameters.</summary>
    public double? LearningRate { get; init; }

    /// <summary>Learning rate applied to the LoRA A matrices (read back from the optimiser).</summary>
    public double? LearningRateA { get; init; }

    /// <summary>Learning rate applied to the LoRA B matrices (read back from the optimiser).</summary>
    public double? LearningRateB { get; init; }

    /// <summary>Training throughput since the previous report.</summary>
    public double? ExamplesPerSecond { get; init; }

    /// <summary>The evaluation confusion matrix, on evaluation reports.</summary>
    public ConfusionCounts? Evaluation { get; init; }

    /// <summary>A regression task's evaluation (Pearson, Spearman, MSE), on evaluation reports.</summary>
    public RegressionScores? Regression { get; init; }

    /// <summary>
    /// On evaluation reports of runs that decide by C3: the same pairs decided by S_match ≥ τ, with τ (and γ, δ where
    /// the spec leaves them open) chosen on these pairs, as the run's final τ is chosen on them.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ConfusionCounts? Matching { get; init; }

    /// <summary>Each adapted layer's LoRA norms, on training reports of LoRA runs.</summary>
    /// <remarks>Left out of the JSON when absent: a batch of plain reports stays as small as before (the hub caps message size).</remarks>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<AdapterNorm>? Adapters { get; init; }
}
