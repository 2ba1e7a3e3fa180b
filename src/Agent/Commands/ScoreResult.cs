using LabPortal.Agent.Artifacts;
using LabPortal.Shared.Metrics;

namespace LabPortal.Agent.Commands;

/// <summary>What <c>score</c> prints as its last line (one JSON object).</summary>
public sealed record ScoreResult
{
    public required string Run { get; init; }

    public required string Model { get; init; }

    public int Pairs { get; init; }

    /// <summary>Real (unpadded) tokens the encoder read: each pair's joint sequence, or both texts for a bi-encoder.</summary>
    public long Tokens { get; init; }

    public int Threads { get; init; }

    public required string Device { get; init; }

    /// <summary>How the decisions were made, as the run made them: "S_match ≥ τ", "cosine ≥ τ", "probability > 0.5", …</summary>
    public required string DecidedBy { get; init; }

    /// <summary>The decisions' confusion matrix and metrics (a regression task and an unlabelled file have none).</summary>
    public DecisionMetrics? Metrics { get; init; }

    public RegressionScores? Regression { get; init; }

    /// <summary>Tokenising the file's pairs.</summary>
    public double EncodeSeconds { get; init; }

    /// <summary>Scoring the encoded pairs in length-sorted batches, after one warm-up batch: the model, its head, C3's features.</summary>
    public double ScoreSeconds { get; init; }

    public double PairsPerSecond { get; init; }

    public double TokensPerSecond { get; init; }

    /// <summary>With <c>--latency N</c>: one pair per call, as the playground scores, warm; null otherwise.</summary>
    public Latency? Latency { get; init; }

    /// <summary>
    /// With <c>--compare-onnx</c>: ONNX Runtime's base encoder on the same batches, each right after ours (so both see
    /// the same load); last hidden states only, so less work than ours (no adapters, head or C3 features).
    /// </summary>
    public double? OnnxRuntimeSeconds { get; init; }

    public double? OnnxRuntimeTokensPerSecond { get; init; }

    /// <summary>Our tokens per second ÷ ONNX Runtime's, measured in this process batch by batch, taking turns.</summary>
    public double? OursOverOnnxRuntime { get; init; }

    /// <summary>The machine's 1-minute load average when the timing ended (Linux).</summary>
    public double? LoadAverage { get; init; }
}

/// <summary>Per-pair scoring time in milliseconds over <see cref="Pairs"/> calls.</summary>
public sealed record Latency(int Pairs, double P50Milliseconds, double P95Milliseconds, double MaxMilliseconds);
