using System.Text.Json;
using LabPortal.Agent.Models;
using LabPortal.Agent.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Bench;

/// <summary>
/// <c>train</c>: the agent's own training step on MiniLM, LoRA and full fine-tuning on the same bucketed QQP batches.
/// The machine is shared, so the measured steps interleave: a MiniLM-layer matmul sample, a LoRA step, a full step,
/// again and again; each ratio then compares times taken under the same load. Memory is measured first, per method,
/// over its warm-up steps and the longest measured batch (peak resident growth while that method ran).
/// </summary>
public static class TrainStepCommand
{
    public static int Run(string[] args)
    {
        var (options, exitCode) = Options.Parse(
            "train",
            "Times the agent's training step for LoRA and full fine-tuning on QQP batches.",
            args,
            ("threads", 2, "Torch threads"),
            ("steps", 30, "Measured steps"),
            ("warmup", 5, "Unmeasured steps first"),
            ("batch", 32, "Pairs per batch"),
            ("max-length", 128, "Word-pieces per pair"),
            ("full", 1, "1: also measure full fine-tuning"));
        if (options is null)
        {
            return exitCode;
        }

        var (threads, steps, warmup, batchSize, maxLength) = (options["threads"], options["steps"], options["warmup"], options["batch"], options["max-length"]);
        torch.set_num_threads(threads);
        torch.manual_seed(42);

        var data = QqpBatches.Load(batchSize, maxLength, warmup + steps);
        var (trainSet, batches) = (data.Examples, data.Batches);
        var measured = batches.Skip(warmup).ToList();
        var realTokens = data.RealTokens(measured);
        var paddedTokens = measured.Sum(b => (long)b.Length * data.LengthOf(b));
        Console.WriteLine($"{trainSet.Count} pairs, {threads} threads; {warmup} warm-up + {steps} measured batches of {batchSize}; " +
                          $"{realTokens} real / {paddedTokens} padded tokens measured, lengths {measured.Min(data.LengthOf)}–{measured.Max(data.LengthOf)} (load {Machine.LoadAverage()})");

        BatchFile.Write(Path.Combine(Repository.Root(), "bench", "out", "qqp-batches.json"), batches, warmup, trainSet);
        var longest = measured.MaxBy(data.LengthOf)!;
        ModelCatalogue.Default.Create("minilm", seed: 42, CPU).Dispose(); // one-off costs (weight cache, native start-up) count for neither method
        var runs = new List<MethodRun>();
        var memory = new Dictionary<string, (long PeakGrowth, long Peak)>();
        var methods = options["full"] == 1 ? new[] { "lora", "full" } : ["lora"];
        foreach (var method in methods)
        {
            GC.Collect();
            var residentBefore = Machine.ResidentBytes();
            Machine.ResetPeakResident();
            var run = new MethodRun(method, trainSet, data.Special);
            foreach (var batch in batches.Take(warmup).Append(longest))
            {
                run.Step(batch);
            }

            memory[method] = (Machine.PeakResidentBytes() - residentBefore, Machine.PeakResidentBytes());
            run.ResetClocks();
            runs.Add(run);
        }

        using var scope = NewDisposeScope();
        var products = MatmulShape.MiniLmLayer.Select(u => (randn(u.Shape.M, u.Shape.K), randn(u.Shape.K, u.Shape.N), u.Uses)).ToList();
        MatmulRate.SampleLayer(products);
        var (matmulSeconds, matmulFlops, matmulCpu) = (0.0, 0.0, TimeSpan.Zero);
        foreach (var batch in measured)
        {
            var cpuBefore = Machine.CpuTime();
            var (seconds, flops) = MatmulRate.SampleLayer(products);
            matmulCpu += Machine.CpuTime() - cpuBefore;
            matmulSeconds += seconds;
            matmulFlops += flops;
            foreach (var run in runs)
            {
                run.Step(batch);
            }
        }

        var matmulGflops = matmulFlops / matmulSeconds / 1e9;
        var matmulGflopPerCpuSecond = matmulFlops / matmulCpu.TotalSeconds / 1e9;
        var square = MatmulRate.GflopsOf(MatmulShape.All[3]);
        var results = runs.Select(run => Result(run, measured, trainSet, matmulGflops, matmulGflopPerCpuSecond, memory[run.Method])).ToList();
        foreach (var result in results)
        {
            Console.WriteLine($"{result.Method}: {result.StepSeconds:F3} s/step (forward+backward {result.ForwardBackwardSeconds:F3}, optimiser {result.OptimizerSeconds:F3}), " +
                              $"{result.ExamplesPerSecond:F1} examples/s, {result.RealTokensPerSecond:F0} real tokens/s, {result.AchievedGflops:F1} GFLOP/s " +
                              $"= MFU {result.MfuMiniLm:P1} of the interleaved MiniLM-layer matmul rate ({matmulGflops:F1} GFLOP/s); " +
                              $"by CPU time {result.MfuMiniLmCpuTime:P1}; peak RSS growth {result.PeakResidentGrowthBytes / 1e6:F0} MB, optimizer state {result.OptimizerStateBytes:N0} B");
        }

        var (lora, full) = (results[0], results[^1]);
        var ratios = new
        {
            loraOverFullStepTime = Math.Round(lora.StepSeconds / full.StepSeconds, 3),
            loraOverFullOptimizerState = Math.Round((double)lora.OptimizerStateBytes / full.OptimizerStateBytes, 5),
            loraOverFullPeakGrowth = Math.Round((double)lora.PeakResidentGrowthBytes / full.PeakResidentGrowthBytes, 3),
        };
        Console.WriteLine($"LoRA/full: step time {ratios.loraOverFullStepTime}, optimizer state {ratios.loraOverFullOptimizerState:P3}; 2048³ after the run {square:F1} GFLOP/s");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            threads, batchSize, maxLength, steps, warmup, realTokens, paddedTokens, load = Machine.LoadAverage(),
            matmulMiniLmLayerGflops = Math.Round(matmulGflops, 1), matmulMiniLmLayerGflopPerCpuSecond = Math.Round(matmulGflopPerCpuSecond, 1), matmulSquareGflopsAfter = Math.Round(square, 1), ratios, results,
        }));
        runs.ForEach(r => r.Dispose());
        return 0;
    }

    private static StepResult Result(MethodRun run, List<int[]> measured, List<EncodedExample> trainSet, double matmulGflops, double matmulGflopPerCpuSecond, (long PeakGrowth, long Peak) memory)
    {
        var seconds = run.ForwardBackward.Elapsed.TotalSeconds + run.Optimizing.Elapsed.TotalSeconds;
        var flops = measured.Sum(b => StepFlops.MiniLm(8).ForwardBackward(b.Length, b.Max(i => trainSet[i].Pair.Length), run.Lora));
        var achieved = flops / seconds / 1e9;
        return new StepResult
        {
            Method = run.Method,
            Steps = run.StepsTaken,
            StepSeconds = Math.Round(seconds / run.StepsTaken, 4),
            StepCpuSeconds = Math.Round(run.CpuTime.TotalSeconds / run.StepsTaken, 4),
            ForwardBackwardSeconds = Math.Round(run.ForwardBackward.Elapsed.TotalSeconds / run.StepsTaken, 4),
            OptimizerSeconds = Math.Round(run.Optimizing.Elapsed.TotalSeconds / run.StepsTaken, 4),
            ExamplesPerSecond = Math.Round(measured.Sum(b => b.Length) / seconds, 1),
            RealTokensPerSecond = Math.Round(measured.Sum(b => b.Sum(i => (long)trainSet[i].Pair.Length)) / seconds, 0),
            StepGflop = Math.Round(flops / run.StepsTaken / 1e9, 2),
            AchievedGflops = Math.Round(achieved, 1),
            MfuMiniLm = Math.Round(achieved / matmulGflops, 3),
            GflopPerCpuSecond = Math.Round(flops / run.CpuTime.TotalSeconds / 1e9, 1),
            MfuMiniLmCpuTime = Math.Round(flops / run.CpuTime.TotalSeconds / 1e9 / matmulGflopPerCpuSecond, 3),
            TrainableParameters = run.TrainableParameters,
            OptimizerStateBytes = run.OptimizerStateBytes,
            PeakResidentGrowthBytes = memory.PeakGrowth,
            PeakResidentBytes = memory.Peak,
            MeanLoss = Math.Round(run.MeanLoss, 4),
        };
    }
}
