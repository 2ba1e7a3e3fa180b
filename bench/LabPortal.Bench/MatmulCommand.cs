using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TorchSharp;

namespace LabPortal.Bench;

/// <summary><c>matmul</c>: BenchmarkDotNet over <see cref="MatmulBenchmarks"/> (in process, 2 threads), then GFLOP/s per shape.</summary>
public static class MatmulCommand
{
    public const int Threads = 2;

    public static int Run(string[] args)
    {
        torch.set_num_threads(Threads);
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(3)
            .WithIterationCount(15);
        var config = ManualConfig.CreateMinimumViable().AddJob(job).WithOptions(ConfigOptions.DisableOptimizationsValidator);
        var summary = BenchmarkRunner.Run<MatmulBenchmarks>(config, args);

        var rows = new List<object>();
        foreach (var report in summary.Reports)
        {
            var shape = (MatmulShape)report.BenchmarkCase.Parameters["Shape"];
            if (report.ResultStatistics is not { } statistics)
            {
                continue;
            }

            var gflops = shape.Flops / statistics.Mean; // FLOP per ns = GFLOP/s
            var best = shape.Flops / statistics.Min;
            Console.WriteLine($"{shape.Name}: mean {statistics.Mean / 1e6:F3} ms → {gflops:F1} GFLOP/s (best iteration {best:F1})");
            rows.Add(new { shape = shape.Name, meanMs = statistics.Mean / 1e6, gflopsMean = Math.Round(gflops, 1), gflopsBest = Math.Round(best, 1) });
        }

        Console.WriteLine(JsonSerializer.Serialize(new { threads = Threads, load = Machine.LoadAverage(), rows }));
        return 0;
    }
}
