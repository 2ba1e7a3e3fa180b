namespace LabPortal.Shared.Models;

/// <summary>A model an agent can train, as the portal's model picker shows it.</summary>
/// <param name="Name">The catalogue name a spec's <c>model</c> field takes, for example "minilm".</param>
/// <param name="Parameters">Encoder parameters (embeddings, layers, pooler), without the classification head.</param>
/// <remarks>
/// The properties after the positional ones were added for the memory estimate (<see cref="MemoryEstimate"/>); agents
/// older than them leave them at zero or null, and such a model's estimate is unknown.
/// </remarks>
public sealed record ModelInfo(string Name, string Description, long Parameters, int HiddenSize, int Layers)
{
    /// <summary>The architecture as config.json's model_type names it: "bert", "roberta", "llama", "qwen2", "mistral", "gpt2", "t5"; null when not told.</summary>
    public string? Family { get; init; }

    /// <summary>Width of the feed-forward block (intermediate_size, n_inner, d_ff); 0 when not told.</summary>
    public int IntermediateSize { get; init; }

    /// <summary>Attention (query) heads per layer; 0 when not told.</summary>
    public int AttentionHeads { get; init; }

    /// <summary>Width of one attention head (T5's d_kv, which need not be the hidden size over the heads); 0 means <see cref="HiddenSize"/> / <see cref="AttentionHeads"/>.</summary>
    public int HeadSize { get; init; }

    /// <summary>Whether the feed-forward multiplies an activated projection by a second one (T5 v1.1 and Flan-T5's gated-gelu); told only for T5, whose plain feed-forward has one projection in.</summary>
    public bool GatedFeedForward { get; init; }

    /// <summary>Key/value heads per layer (fewer than <see cref="AttentionHeads"/> with grouped-query attention); 0 means as many as the query heads.</summary>
    public int KeyValueHeads { get; init; }

    /// <summary>Rows of the token embedding; 0 when not told.</summary>
    public int VocabSize { get; init; }

    /// <summary>The number format the weights are stored in on the agent's disk: "fp32", "fp16" or "bf16"; null when not told.</summary>
    public string? StoredPrecision { get; init; }

    /// <summary>Whether the agent told enough of the shape for <see cref="MemoryEstimate"/>.</summary>
    public bool HasMemoryShape => Family is not null && IntermediateSize > 0 && AttentionHeads > 0 && HiddenSize > 0 && Layers > 0;

    /// <summary>For example "minilm · 22.7 M parameters · hidden 384 · 6 layers".</summary>
    public string Summary => $"{Name} · {Parameters / 1e6:0.0} M parameters · hidden {HiddenSize} · {Layers} layers";
}
