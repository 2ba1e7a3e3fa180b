using System.Text.Json;
using LabPortal.Agent.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Bench;

/// <summary>
/// <c>precision</c> (issue #17 item 3): the agent's LoRA step on MiniLM in fp32, with bf16-frozen weights, and with
/// gradient checkpointing, interleaved step by step on the same bucketed QQP batches so every variant sees the same
/// load; between the steps, one MiniLM layer's matmuls in fp32 and in bf16, which bound what bf16 can gain on this CPU.
/// Peak memory needs one process per variant (<c>memory lora-bf16</c>, <c>memory lora-ckpt</c>).
/// </summary>
public static class PrecisionCommand
{
    private static readonly string[] Variants = ["lora", "lora-bf16", "lora-ckpt"];

    public static int Run(string[] args)
    {
        var (options, exitCode) = Options.Parse(
            "precision",
            "Times the LoRA step in fp32, bf16-frozen and with gradient checkpointing on QQP batches.",
            args,
            ("threads", 2, "Torch threads"),
            ("steps", 20, "Measured steps per variant"),
            ("warmup", 3, "Unmeasured steps first"),
            ("batch", 32, "Pairs per batch"),
            ("max-length", 128, "Word-pieces per pair"));
        if (options is null)
        {
            return exitCode;
        }

        var (threads, steps, warmup) = (options["threads"], options["steps"], options["warmup"]);
        torch.set_num_threads(threads);
        torch.manual_seed(42);
        var data = QqpBatches.Load(options["batch"], options["max-length"], warmup + steps);
        var measured = data.Batches.Skip(warmup).ToList();
        var loadBefore = Machine.LoadAverage();
        Console.WriteLine($"{Variants.Length} variants, {threads} threads; {warmup} warm-up + {steps} measured batches of {options["batch"]}, " +
                          $"lengths {measured.Min(data.LengthOf)}–{measured.Max(data.LengthOf)} (load {loadBefore})");

        ModelCatalogue.Default.Create("minilm", seed: 42, CPU).Dispose(); // one-off costs count for no variant
        var runs = Variants.Select(v => new MethodRun(v, data.Examples, data.Special)).ToList();
        foreach (var batch in data.Batches.Take(warmup))
        {
            runs.ForEach(run => run.Step(batch));
        }

        runs.ForEach(run => run.ResetClocks());
        using var scope = NewDisposeScope();
        var fp32Products = MatmulShape.MiniLmLayer.Select(u => (randn(u.Shape.M, u.Shape.K), randn(u.Shape.K, u.Shape.N), u.Uses)).ToList();
        var bf16Products = fp32Products.Select(p => (p.Item1.to_type(ScalarType.BFloat16), p.Item2.to_type(ScalarType.BFloat16), p.Uses)).ToList();
        MatmulRate.SampleLayer(fp32Products);
        MatmulRate.SampleLayer(bf16Products);
        var (fp32Seconds, bf16Seconds) = (0.0, 0.0);
        foreach (var batch in measured)
        {
            fp32Seconds += MatmulRate.SampleLayer(fp32Products).Seconds;
            bf16Seconds += MatmulRate.SampleLayer(bf16Products).Seconds;
            runs.ForEach(run => run.Step(batch));
        }

        var results = runs.Select(run => new
        {
            variant = run.Method,
            stepSeconds = Math.Round((run.ForwardBackward.Elapsed + run.Optimizing.Elapsed).TotalSeconds / run.StepsTaken, 4),
            stepCpuSeconds = Math.Round(run.CpuTime.TotalSeconds / run.StepsTaken, 4),
            meanLoss = Math.Round(run.MeanLoss, 4),
            optimizerStateBytes = run.OptimizerStateBytes,
        }).ToList();
        var fp32 = results[0];
        foreach (var result in results)
        {
            Console.WriteLine($"{result.variant}: {result.stepSeconds:F3} s/step ({result.stepSeconds / fp32.stepSeconds:F3}× fp32), " +
                              $"{result.stepCpuSeconds:F3} CPU-s/step ({result.stepCpuSeconds / fp32.stepCpuSeconds:F3}×), mean loss {result.meanLoss}, optimizer state {result.optimizerStateBytes:N0} B");
        }

        var matmulBf16OverFp32 = Math.Round(bf16Seconds / fp32Seconds, 3);
        Console.WriteLine($"one MiniLM layer's matmuls (B·T = 2,048): bf16 takes {matmulBf16OverFp32}× the fp32 time");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            threads, steps, warmup, loadBefore, loadAfter = Machine.LoadAverage(), matmulBf16OverFp32, results,
            ratios = results.Skip(1).ToDictionary(r => r.variant, r => new { wall = Math.Round(r.stepSeconds / fp32.stepSeconds, 3), cpu = Math.Round(r.stepCpuSeconds / fp32.stepCpuSeconds, 3) }),
        }));
        runs.ForEach(run => run.Dispose());
        return 0;
    }
}
