namespace LabPortal.Bench;

/// <summary>
/// Analytic matmul FLOPs of one training step of a BERT encoder (bench/README.md writes the formula out).
/// Per token per layer, forward, with hidden d, FFN width f, padded length T and LoRA rank r on q and v:
/// linear layers 8d² (Q, K, V, attention output) + 4df (FFN in and out); attention 4Td (QKᵀ and probabilities·V);
/// LoRA 2 × 4dr (A then B, on query and value). Backward: 2× forward where both the input's and the weight's
/// gradients are needed (trained linears, attention products, LoRA), 1× for frozen linears (input gradient only).
/// Embeddings, LayerNorm, softmax, GELU, pooler and classifier are left out (element-wise or per sequence, &lt; 1 %).
/// </summary>
public sealed record StepFlops(int Hidden, int Ffn, int Layers, int LoraRank)
{
    public static StepFlops MiniLm(int loraRank) => new(384, 1536, 6, loraRank);

    /// <summary>Forward + backward FLOPs; <paramref name="lora"/>: only LoRA and the head train, the base weights are frozen.</summary>
    public double ForwardBackward(int batch, int length, bool lora)
    {
        double d = Hidden, f = Ffn, t = length;
        var linear = (8 * d * d) + (4 * d * f);
        var attention = 4 * t * d;
        var adapters = lora ? 8 * d * LoraRank : 0;
        var perToken = lora
            ? (linear * 2) + (attention * 3) + (adapters * 3)   // frozen linears: forward + input gradient
            : (linear + attention) * 3;                        // everything trains: forward + input and weight gradients
        return (double)batch * length * Layers * perToken;
    }
}
