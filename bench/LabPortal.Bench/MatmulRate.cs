using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Bench;

/// <summary>
/// A quick in-process matmul rate (GFLOP/s), for ratios measured back to back with a training step in one process:
/// the best of several timed rounds, each long enough (≥ 0.2 s) to average out scheduling.
/// </summary>
public static class MatmulRate
{
    public static double GflopsOf(MatmulShape shape, int rounds = 5)
    {
        using var scope = NewDisposeScope();
        var left = randn(shape.M, shape.K);
        var right = randn(shape.K, shape.N);
        left.mm(right).Dispose(); // first call: kernel selection and packing buffers
        var best = 0.0;
        for (var round = 0; round < rounds; round++)
        {
            var calls = 0;
            var watch = Stopwatch.StartNew();
            while (watch.Elapsed.TotalSeconds < 0.2)
            {
                left.mm(right).Dispose();
                calls++;
            }

            best = Math.Max(best, calls * shape.Flops / watch.Elapsed.TotalSeconds / 1e9);
        }

        return best;
    }

    /// <summary>One timed sample of a MiniLM layer's six products (inputs created by the caller): seconds, FLOPs.</summary>
    public static (double Seconds, double Flops) SampleLayer(IReadOnlyList<(Tensor Left, Tensor Right, int Uses)> products)
    {
        var watch = Stopwatch.StartNew();
        var flops = 0.0;
        foreach (var (left, right, uses) in products)
        {
            for (var i = 0; i < uses; i++)
            {
                left.mm(right).Dispose();
            }

            flops += uses * 2.0 * left.shape[0] * left.shape[1] * right.shape[1];
        }

        return (watch.Elapsed.TotalSeconds, flops);
    }

    /// <summary>The rate of one MiniLM layer's linear products together: total FLOPs over total time at each shape's rate.</summary>
    public static double MiniLmLayerGflops(IReadOnlyDictionary<MatmulShape, double> rates)
    {
        var flops = MatmulShape.MiniLmLayer.Sum(u => u.Uses * u.Shape.Flops);
        var seconds = MatmulShape.MiniLmLayer.Sum(u => u.Uses * u.Shape.Flops / (rates[u.Shape] * 1e9));
        return flops / seconds / 1e9;
    }
}
