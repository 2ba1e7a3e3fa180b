using LabPortal.Shared.Models;

namespace LabPortal.Portal.Components.Shared;

/// <summary>How the form, the model picker and the queue word a run's memory estimate.</summary>
public static class MemoryEstimateText
{
    /// <summary>For example "≈ 1.0 GiB needed: weights 88 MiB, gradients and optimiser 3 MiB, activations 925 MiB".</summary>
    public static string Describe(MemoryEstimate estimate) =>
        $"≈ {ByteSize.Approximate(estimate.TotalBytes)} needed: weights {ByteSize.Approximate(estimate.WeightBytes)}, " +
        $"gradients and optimiser {ByteSize.Approximate(estimate.TrainingStateBytes)}, activations {ByteSize.Approximate(estimate.ActivationBytes)}";

    /// <summary>What the form says when no agent described the model's shape (a checkpoint folder, an older agent).</summary>
    public const string Unknown =
        "Memory needed: unknown — no agent has described this model's shape (a checkpoint folder, or an agent older than the memory check), so the scheduler does not check it";

    /// <summary>A queued run no online agent can hold: for example "waits: ≈ 3.2 GiB needed (estimate), the largest online agent has 2.0 GiB".</summary>
    public static string Waits(MemoryEstimate estimate, long largestAgentBytes) =>
        $"waits: ≈ {ByteSize.Approximate(estimate.TotalBytes)} needed (estimate), the largest online agent has {ByteSize.Approximate(largestAgentBytes)}";
}
