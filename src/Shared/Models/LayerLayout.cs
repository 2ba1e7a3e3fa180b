namespace LabPortal.Shared.Models;

/// <summary>
/// What one transformer layer of a family keeps for backward, per token, as autograd (libtorch) saves it in the
/// agent's modules; and its linear layers, for LoRA's parameter count. The memory estimate is built on it.
/// </summary>
/// <param name="AlwaysSaved">Elements per token saved whatever trains (needed for the input gradients).</param>
/// <param name="Linears">The layer's linear layers: target name, which tensor they read, in and out features.</param>
/// <param name="InputSizes">Elements per token of each tensor a linear reads (a linear saves its input only when its weight trains).</param>
/// <param name="TrainedNormInputs">Elements per token saved only when the norms' weights train (full fine-tuning).</param>
/// <param name="EmbeddingSaved">Elements per token the embeddings keep, once per sequence.</param>
public sealed record LayerLayout(
    long AlwaysSaved, IReadOnlyList<LayerLinear> Linears, IReadOnlyDictionary<string, long> InputSizes, long TrainedNormInputs, long EmbeddingSaved)
{
    /// <summary>
    /// The family's layout, or null for a family the estimate does not know.
    /// d hidden, f intermediate, h heads, T sequence length; counts are per token, so (B, h, T, T) tensors count h·T.
    ///
    /// BERT/RoBERTa layer (post-norm, dropout 0.1 as their configs set; on CPU dropout multiplies by a noise tensor
    /// of the input's size and keeps it): the Q, K and V copies the batched matmuls make (3d), the softmax output, the
    /// attention dropout's noise and its output that probabilities·V reads (3·hT), the two residual dropouts' noise
    /// (2d), the two LayerNorms' inputs (2d), GELU's input (f): 7d + f + 3hT. A linear keeps its input only if its
    /// weight trains: the layer input (Q/K/V, d), the context (d), the first LayerNorm's output (d), GELU's output (f).
    /// Embeddings: the LayerNorm's input and the dropout noise (2d).
    ///
    /// GPT-2 block (pre-norm, same dropouts, one-op tanh GELU): the same tensors in another order: 7d + f + 3hT, linear
    /// inputs the two LayerNorm outputs (2d), the context (d) and GELU's output (f).
    ///
    /// Llama/Qwen2/Mistral layer (no dropout, RMSNorm, SwiGLU, grouped-query attention): the first RMSNorm's input (d),
    /// the rotated Q and the repeated K and V copies the matmuls read (3d), the softmax output (hT), the second
    /// RMSNorm's input (d), SiLU's input and output and up_proj's output (3f): 5d + 3f + hT. Linear inputs: the two
    /// RMSNorm outputs (2d), the context (d), the SwiGLU product (f); the RMSNorms' normalised inputs (2d) when their
    /// weights train.
    ///
    /// T5 encoder block (pre-norm T5LayerNorm, which is RMSNorm; dropout 0.1 as T5 configs default; attention inner
    /// width i = h·d_kv, which need not be d; no 1/√d scaling, so no scaled copy; the position bias is added, which keeps
    /// nothing): the two norms' inputs (2d), the Q, K and V copies the matmuls make (3i), the softmax output, the
    /// attention dropout's noise and its output (3hT), the two residual dropouts' noise (2d), and in the feed-forward
    /// ReLU's output and the dropout's noise before wo (2f), or gated, GELU's input and output, wi_1's output and the
    /// noise (4f; gated ReLU's output is the one ReLU keeps, 3f, counted as 4f): 4d + 3i + 3hT + 2f (gated 4f). Linear
    /// inputs: the first norm's output (q, k, v; d), the context (o; i), the second norm's output (wi, or wi_0 and
    /// wi_1; d), the dropped feed-forward activation (wo; f); the norms' normalised inputs (2d) when their weights
    /// train. Embeddings: the embedding dropout's noise, the final norm's input and the final dropout's noise (3d).
    /// With checkpointing every layer also keeps the shared (B, h, T, T) position bias and padding mask, once (hT).
    /// </summary>
    public static LayerLayout? For(ModelInfo model, int length)
    {
        long d = model.HiddenSize, f = model.IntermediateSize, h = model.AttentionHeads, T = length;
        long kv = model.KeyValueHeads > 0 ? d / h * model.KeyValueHeads : d;
        switch (model.Family?.ToLowerInvariant())
        {
            case "bert" or "roberta":
                return new(7 * d + f + 3 * h * T,
                [
                    new("query", "x", d, d), new("key", "x", d, d), new("value", "x", d, d),
                    new("attention.output", "context", d, d), new("intermediate", "norm", d, f), new("output", "gelu", f, d),
                ], Inputs(("x", d), ("context", d), ("norm", d), ("gelu", f)), 0, 2 * d);
            case "gpt2":
                return new(7 * d + f + 3 * h * T,
                [
                    new("c_attn", "norm1", d, 3 * d), new("c_proj", "context", d, d), new("c_fc", "norm2", d, f), new("c_proj", "gelu", f, d),
                ], Inputs(("norm1", d), ("context", d), ("norm2", d), ("gelu", f)), 0, 2 * d);
            case "llama" or "qwen2" or "mistral":
                return new(5 * d + 3 * f + h * T,
                [
                    new("q_proj", "norm1", d, d), new("k_proj", "norm1", d, kv), new("v_proj", "norm1", d, kv), new("o_proj", "context", d, d),
                    new("gate_proj", "norm2", d, f), new("up_proj", "norm2", d, f), new("down_proj", "product", f, d),
                ], Inputs(("norm1", d), ("context", d), ("norm2", d), ("product", f)), 2 * d, 0);
            case "t5":
                long i = h * (model.HeadSize > 0 ? model.HeadSize : d / h);
                LayerLinear[] feedForwardIn = model.GatedFeedForward ? [new("wi_0", "norm2", d, f, AlsoNamed: "wi"), new("wi_1", "norm2", d, f, AlsoNamed: "wi")] : [new("wi", "norm2", d, f)];
                return new(4 * d + 3 * i + 3 * h * T + (model.GatedFeedForward ? 4 : 2) * f,
                [
                    new("q", "norm1", d, i), new("k", "norm1", d, i), new("v", "norm1", d, i), new("o", "context", i, d),
                    .. feedForwardIn, new("wo", "dropped", f, d),
                ], Inputs(("norm1", d), ("context", i), ("norm2", d), ("dropped", f)), 2 * d, 3 * d) { CheckpointedContext = h * T };
            default:
                return null;
        }
    }

    /// <summary>Elements per token of the tensors every checkpointed layer reads besides its input and keeps for its recomputation, shared by all layers (T5's position bias).</summary>
    public long CheckpointedContext { get; init; }

    /// <summary>The layer's linears that the target names adapt ("all-linear" takes every one).</summary>
    public IReadOnlyList<LayerLinear> Adapted(IReadOnlyList<string> targets) =>
        targets.Contains("all-linear") ? Linears : Linears.Where(l => targets.Contains(l.Name) || (l.AlsoNamed is { } name && targets.Contains(name))).ToList();

    private static Dictionary<string, long> Inputs(params (string Name, long Size)[] inputs) => inputs.ToDictionary(i => i.Name, i => i.Size);
}

/// <summary>
/// One linear layer of a transformer layer: its target name, the tensor it reads, its in and out features, and a broader
/// target name that selects it too (T5's "wi" adapts a gated block's wi_0 and wi_1, as the agent's LoraTargets reads it).
/// </summary>
public sealed record LayerLinear(string Name, string Input, long In, long Out, string? AlsoNamed = null);
