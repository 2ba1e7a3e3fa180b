using LabPortal.Shared.Models;

namespace LabPortal.Portal.Components.Shared;

/// <summary>How the form, the model picker and the queue word a run's memory estimate.</summary>
public static class MemoryEstimateText
{
    /// <summary>"≈ 1.4 GiB needed: weights 87 MiB, gradients and optimiser 1 MiB, activations 1.3 GiB".</summary>
    public static string Describe(MemoryEstimate estimate) =>
        $"≈ {ByteSize.Approximate(estimate.TotalBytes)} needed: weights {ByteSize.Approximate(estimate.WeightBytes)}, " +
        $"gradients and optimiser {ByteSize.Approximate(estimate.TrainingStateBytes)}, activations {ByteSize.Approximate(estimate.ActivationBytes)}";

    /// <summary>What the form says when the model is not one an agent describes (a checkpoint folder, an older agent).</summary>
    public const string Unknown =
        "Memory needed: unknown — no agent describes this model (a checkpoint folder, say), so the scheduler does not check it";

    /// <summary>A queued run no online agent can hold: "waits: ≈ 3.2 GiB needed, the largest online agent has 2 GiB".</summary>
    public static string Waits(MemoryEstimate estimate, long largestAgentBytes) =>
        $"waits: ≈ {ByteSize.Approximate(estimate.TotalBytes)} needed (estimate), the largest online agent has {ByteSize.Approximate(largestAgentBytes)}";
}
