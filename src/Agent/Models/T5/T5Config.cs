namespace LabPortal.Agent.Models.T5;

/// <summary>
/// The shape of a T5 encoder (T5, T5 v1.1, Flan-T5, mT5); field meanings and defaults follow Hugging Face's
/// <c>T5Config</c> (d_model, d_kv, d_ff, num_layers, num_heads, relative_attention_*, feed_forward_proj).
/// </summary>
public sealed record T5Config
{
    public int VocabSize { get; init; } = 32128;

    /// <summary>d_model: width of the token states.</summary>
    public int ModelDim { get; init; } = 512;

    /// <summary>d_kv: width of one attention head (need not be d_model / num_heads).</summary>
    public int KeyValueDim { get; init; } = 64;

    /// <summary>d_ff: width of the feed-forward layer.</summary>
    public int FeedForwardDim { get; init; } = 2048;

    /// <summary>num_layers: the encoder's blocks (the decoder's, num_decoder_layers, are not read).</summary>
    public int NumLayers { get; init; } = 6;

    public int NumHeads { get; init; } = 8;

    /// <summary>Buckets of the relative position bias, half for keys before the query and half for keys after.</summary>
    public int RelativeAttentionBuckets { get; init; } = 32;

    /// <summary>Distances from this on share the last bucket.</summary>
    public int RelativeAttentionMaxDistance { get; init; } = 128;

    public double DropoutRate { get; init; } = 0.1;

    /// <summary>The classification head's dropout (T5Config's classifier_dropout).</summary>
    public double ClassifierDropout { get; init; }

    public double LayerNormEps { get; init; } = 1e-6;

    /// <summary>initializer_factor: scales every initial standard deviation (1 in released checkpoints).</summary>
    public double InitializerFactor { get; init; } = 1;

    /// <summary>The feed-forward's activation: relu, gelu (exact), gelu_new (tanh approximation) or silu.</summary>
    public string Activation { get; init; } = "relu";

    /// <summary>A gated feed-forward (T5 v1.1, Flan-T5): wo(act(wi_0 x) ⊙ wi_1 x) instead of wo(act(wi x)).</summary>
    public bool GatedFeedForward { get; init; }

    public int PadTokenId { get; init; }

    /// <summary>End-of-sequence, which closes each text of a pair.</summary>
    public int EosTokenId { get; init; } = 1;

    /// <summary>The encoder's parameters (shared embeddings, blocks, final norm), without any head.</summary>
    public long BodyParameters
    {
        get
        {
            long c = ModelDim, inner = (long)NumHeads * KeyValueDim, f = FeedForwardDim;
            var attention = (4 * c * inner) + c;                          // q, k, v, o and the layer norm
            var feedForward = ((GatedFeedForward ? 3 : 2) * c * f) + c;   // wi (or wi_0, wi_1), wo and the layer norm
            var bias = (long)RelativeAttentionBuckets * NumHeads;         // only the first block's attention has it
            return ((long)VocabSize * c) + (NumLayers * (attention + feedForward)) + bias + c;
        }
    }
}
