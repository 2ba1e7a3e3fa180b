namespace LabPortal.Agent.Models.Gpt2;

/// <summary>The shape of a GPT-2 decoder; field meanings follow Hugging Face's <c>GPT2Config</c>.</summary>
public sealed record Gpt2Config
{
    public int VocabSize { get; init; } = 50257;

    /// <summary>Width C (n_embd).</summary>
    public int HiddenSize { get; init; } = 768;

    /// <summary>Layers (n_layer).</summary>
    public int NumLayers { get; init; } = 12;

    /// <summary>Attention heads (n_head); must divide C.</summary>
    public int NumHeads { get; init; } = 12;

    /// <summary>Width of the MLP (n_inner; 4·C when the config leaves it null).</summary>
    public int InnerSize { get; init; } = 3072;

    /// <summary>Learned positions (n_positions): the longest sequence the model reads.</summary>
    public int MaxPositions { get; init; } = 1024;

    public double LayerNormEps { get; init; } = 1e-5;

    /// <summary>Dropout on embeddings (embd_pdrop), attention probabilities (attn_pdrop) and residual branches (resid_pdrop).</summary>
    public double EmbeddingDropout { get; init; } = 0.1;

    public double AttentionDropout { get; init; } = 0.1;

    public double ResidualDropout { get; init; } = 0.1;

    public double InitializerRange { get; init; } = 0.02;

    /// <summary>The body's parameters (embeddings, blocks, final norm), without LM or classification head.</summary>
    public long BodyParameters
    {
        get
        {
            long c = HiddenSize, f = InnerSize;
            var block = (4 * c) + (c * 3 * c) + (3 * c) + (c * c) + c + (c * f) + f + (f * c) + c;
            return ((long)VocabSize * c) + ((long)MaxPositions * c) + (NumLayers * block) + (2 * c);
        }
    }
}
