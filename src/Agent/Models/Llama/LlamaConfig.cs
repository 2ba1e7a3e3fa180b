namespace LabPortal.Agent.Models.Llama;

/// <summary>
/// The shape of a Llama-family decoder (Llama, Qwen2, Mistral); field meanings and defaults follow Hugging Face's
/// <c>LlamaConfig</c>. The three differ only in which linear layers carry a bias and in Mistral's sliding window.
/// </summary>
public sealed record LlamaConfig
{
    /// <summary>config.json's model_type: "llama", "qwen2" or "mistral".</summary>
    public string ModelType { get; init; } = "llama";

    public int VocabSize { get; init; } = 32000;

    public int HiddenSize { get; init; } = 4096;

    public int IntermediateSize { get; init; } = 11008;

    public int NumHiddenLayers { get; init; } = 32;

    public int NumAttentionHeads { get; init; } = 32;

    /// <summary>Key/value heads: fewer than the query heads is grouped-query attention (each serves heads / kv heads queries).</summary>
    public int NumKeyValueHeads { get; init; } = 32;

    /// <summary>Width of one head; HiddenSize / NumAttentionHeads unless the config says otherwise.</summary>
    public int HeadDim { get; init; } = 128;

    public double RmsNormEps { get; init; } = 1e-6;

    public RopeSettings Rope { get; init; } = new();

    /// <summary>Bias on q_proj, k_proj and v_proj (Qwen2 always; Llama's attention_bias).</summary>
    public bool QkvBias { get; init; }

    /// <summary>Bias on o_proj (Llama's attention_bias).</summary>
    public bool OutputBias { get; init; }

    /// <summary>Bias on gate_proj, up_proj and down_proj (Llama's mlp_bias).</summary>
    public bool MlpBias { get; init; }

    /// <summary>Keys further back than this many positions are not attended to (Mistral's sliding_window); null attends to all.</summary>
    public int? SlidingWindow { get; init; }

    public double AttentionDropout { get; init; }

    public double InitializerRange { get; init; } = 0.02;

    /// <summary>config.json's own pad_token_id, whose embedding row Hugging Face keeps out of training (padding_idx); null when it has none.</summary>
    public int? EmbeddingPaddingId { get; init; }

    /// <summary>Whether the LM head shares the embedding matrix (the classifier uses neither, but a checkpoint then has no lm_head).</summary>
    public bool TieWordEmbeddings { get; init; }

    /// <summary>The decoder's parameters (embeddings, layers, final norm), without LM or classification head.</summary>
    public long BodyParameters
    {
        get
        {
            long c = HiddenSize, q = (long)NumAttentionHeads * HeadDim, kv = (long)NumKeyValueHeads * HeadDim, f = IntermediateSize;
            var attention = (c * q) + (2 * c * kv) + (q * c) + (QkvBias ? q + (2 * kv) : 0) + (OutputBias ? c : 0);
            var mlp = (3 * c * f) + (MlpBias ? (2 * f) + c : 0);
            return ((long)VocabSize * c) + (NumHiddenLayers * (attention + mlp + (2 * c))) + c;
        }
    }
}

/// <summary>
/// Rotary position embeddings: the base θ and an optional scaling of the frequencies ("linear", or Llama 3's
/// "llama3" which slows only the low frequencies, smoothly between two wavelengths).
/// </summary>
public sealed record RopeSettings
{
    public double Theta { get; init; } = 10000;

    /// <summary>"default" (none), "linear" or "llama3".</summary>
    public string Type { get; init; } = "default";

    public double Factor { get; init; } = 1;

    public double LowFreqFactor { get; init; } = 1;

    public double HighFreqFactor { get; init; } = 4;

    public int OriginalMaxPositionEmbeddings { get; init; } = 8192;
}
