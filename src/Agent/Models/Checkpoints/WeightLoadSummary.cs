namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>What loading a checkpoint's weights did.</summary>
/// <param name="Loaded">Model parameters filled from the checkpoint.</param>
/// <param name="KeptInitialised">Model parameters that kept their seeded init (a missing or differently shaped head, RoBERTa's absent pooler).</param>
/// <param name="Unused">Checkpoint tensors the model has no place for (pre-training heads, position_ids buffers, …).</param>
public sealed record WeightLoadSummary(IReadOnlyList<string> Loaded, IReadOnlyList<string> KeptInitialised, IReadOnlyList<string> Unused)
{
    public bool ClassifierLoaded => Loaded.Any(n => n.StartsWith("classifier.", StringComparison.Ordinal));
}
