namespace LabPortal.Shared.Runs;

/// <summary>
/// One adapted layer's LoRA factors at a log step: Frobenius norms of A and B, and of the change the adapter makes to
/// the layer's weight, s·(B·A − B₀·A₀), relative to the pretrained weight's norm (B₀·A₀ is C2's starting product, zero
/// otherwise). A B that stays near zero is an adapter that does not learn; an update near or above 1 has overwritten
/// the pretrained layer. Null stands for a value that overflowed (not finite).
/// </summary>
/// <param name="Layer">The adapted module's path, for example "bert.encoder.layer.0.attention.self.query".</param>
public sealed record AdapterNorm(string Layer, double? A, double? B, double? Update)
{
    /// <summary>Layers an agent may report per step; a model with more adapters reports none.</summary>
    public const int MaxLayers = 1024;
}
