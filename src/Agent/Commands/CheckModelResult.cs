namespace LabPortal.Agent.Commands;

/// <summary>What <c>check-model</c> prints as its last line (one JSON object).</summary>
public sealed record CheckModelResult
{
    public required string Model { get; init; }

    public int Pairs { get; init; }

    /// <summary>Real (unpadded) tokens across all pairs; the throughputs count these.</summary>
    public long Tokens { get; init; }

    public int Threads { get; init; }

    /// <summary>Largest element-wise difference of the last hidden states over real tokens.</summary>
    public double MaxAbsDiff { get; init; }

    public double MeanAbsDiff { get; init; }

    public double Tolerance { get; init; }

    public bool Passed { get; init; }

    public double OursSeconds { get; init; }

    public double OnnxRuntimeSeconds { get; init; }

    public double OursTokensPerSecond { get; init; }

    public double OnnxRuntimeTokensPerSecond { get; init; }

    /// <summary>The machine's 1-minute load average when the timing ended (Linux), so contended timings can be told apart.</summary>
    public double? LoadAverage { get; init; }
}
