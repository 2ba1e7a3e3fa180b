using BenchmarkDotNet.Attributes;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Bench;

/// <summary>libtorch's fp32 matmul through TorchSharp, on the shapes MiniLM uses and a large square product.</summary>
public class MatmulBenchmarks
{
    private Tensor _left = null!;
    private Tensor _right = null!;

    [ParamsSource(nameof(Shapes))]
    public MatmulShape Shape { get; set; } = MatmulShape.All[0];

    public static IEnumerable<MatmulShape> Shapes => MatmulShape.All;

    [GlobalSetup]
    public void Setup()
    {
        torch.set_num_threads(MatmulCommand.Threads);
        _left = randn(Shape.M, Shape.K);
        _right = randn(Shape.K, Shape.N);
    }

    /// <summary>The product, freed at once (the allocator reuses the block, as in a training step).</summary>
    [Benchmark]
    public void Matmul()
    {
        using var product = _left.mm(_right);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _left.Dispose();
        _right.Dispose();
    }
}
