namespace LabPortal.Bench;

/// <summary>An fp32 product (M × K)·(K × N): 2·M·K·N floating-point operations.</summary>
public sealed record MatmulShape(string Name, int M, int K, int N)
{
    /// <summary>B·T = 32 × 64 tokens through MiniLM's linear layers, and the large square reference.</summary>
    public static IReadOnlyList<MatmulShape> All { get; } =
    [
        new("qkvo 2048x384x384", 2048, 384, 384),
        new("ffn-in 2048x384x1536", 2048, 384, 1536),
        new("ffn-out 2048x1536x384", 2048, 1536, 384),
        new("square 2048^3", 2048, 2048, 2048),
    ];

    /// <summary>The three MiniLM-shaped products, weighted as one layer uses them (4 × qkvo, 1 × each FFN product).</summary>
    public static IReadOnlyList<(MatmulShape Shape, int Uses)> MiniLmLayer { get; } =
        [(All[0], 4), (All[1], 1), (All[2], 1)];

    public double Flops => 2.0 * M * K * N;

    public override string ToString() => Name;
}
