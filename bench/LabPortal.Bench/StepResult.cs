namespace LabPortal.Bench;

/// <summary>One method's measured training steps (the JSON the train command prints).</summary>
public sealed class StepResult
{
    public required string Method { get; init; }

    public int Steps { get; init; }

    public double StepSeconds { get; init; }

    /// <summary>Process CPU seconds per step (both threads).</summary>
    public double StepCpuSeconds { get; init; }

    public double ForwardBackwardSeconds { get; init; }

    public double OptimizerSeconds { get; init; }

    public double ExamplesPerSecond { get; init; }

    public double RealTokensPerSecond { get; init; }

    /// <summary>Mean analytic FLOPs of one step (<see cref="StepFlops"/>), in GFLOP.</summary>
    public double StepGflop { get; init; }

    /// <summary>Analytic step FLOPs (<see cref="StepFlops"/>) over the measured time.</summary>
    public double AchievedGflops { get; init; }

    public long TrainableParameters { get; init; }

    public long OptimizerStateBytes { get; init; }

    /// <summary>How far the process's peak resident memory rose above its resident memory before the model was created.</summary>
    public long PeakResidentGrowthBytes { get; init; }

    public long PeakResidentBytes { get; init; }

    public double MeanLoss { get; init; }

    /// <summary>Achieved over the MiniLM-layer matmul rate sampled between the steps.</summary>
    public double MfuMiniLm { get; init; }

    /// <summary>Analytic FLOPs per second of process CPU time (both threads together).</summary>
    public double GflopPerCpuSecond { get; init; }

    /// <summary>The same ratio by CPU time: the step's FLOPs per CPU second over the matmul samples' (contention cancels more).</summary>
    public double MfuMiniLmCpuTime { get; init; }
}
