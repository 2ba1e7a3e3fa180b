namespace LabPortal.Shared.Models;

/// <summary>A model an agent can train, as the portal's model picker shows it.</summary>
/// <param name="Name">The catalogue name a spec's <c>model</c> field takes, for example "minilm".</param>
/// <param name="Parameters">Encoder parameters (embeddings, layers, pooler), without the classification head.</param>
public sealed record ModelInfo(string Name, string Description, long Parameters, int HiddenSize, int Layers)
{
    /// <summary>For example "minilm · 22.7 M parameters · hidden 384 · 6 layers".</summary>
    public string Summary => $"{Name} · {Parameters / 1e6:0.0} M parameters · hidden {HiddenSize} · {Layers} layers";
}
