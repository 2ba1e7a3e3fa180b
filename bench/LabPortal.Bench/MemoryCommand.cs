using System.Text.Json;
using LabPortal.Agent.Models;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Bench;

/// <summary>
/// <c>memory lora|full[-bf16][-ckpt] [minilm|tiny|t5|t5-gated] [cross]</c>: one method (and precision, checkpointing) per process
/// (freed memory stays with the C allocator, so a second method in the same process would reuse the first one's pages):
/// peak resident memory over the first 5 bucketed batches and the longest batch of the train command's 35, above the
/// resident memory once a model had been loaded and freed; beside it the portal's <see cref="MemoryEstimate"/> for the
/// same spec at the longest batch's length.
/// </summary>
public static class MemoryCommand
{
    public static int Run(string[] args)
    {
        var name = args.Skip(1).FirstOrDefault() ?? "minilm";
        using var t5 = BenchT5Folder.For(name);
        return Measure(args.FirstOrDefault() ?? "lora", name, t5?.Path ?? name, args);
    }

    /// <param name="model">A catalogue name or, for T5, the folder the bench wrote.</param>
    private static int Measure(string method, string name, string model, string[] args)
    {
        // "cross" reads each pair in one sequence (the estimate's assumption); else the model's default head (MiniLM: a bi-encoder).
        var head = args.Skip(2).FirstOrDefault() is "cross" ? new HeadSpec { Kind = HeadKind.CrossEncoder } : null;
        torch.set_num_threads(2);
        torch.manual_seed(42);
        var data = QqpBatches.Load(batchSize: 32, maxLength: 128, count: 35, model);
        var longest = data.Batches.MaxBy(data.LengthOf)!;

        var info = Describe(model); // before the baseline: describing builds the tokenizer
        ModelCatalogue.Default.Create(model, seed: 42, CPU).Dispose();
        GC.Collect();
        var before = Machine.ResidentBytes();
        Machine.ResetPeakResident();
        using var run = new MethodRun(method, data.Examples, data.Special, model, head, info.Family == "t5" ? ["q", "v"] : null);
        foreach (var batch in data.Batches.Take(5).Append(longest))
        {
            run.Step(batch);
        }

        var peak = Machine.PeakResidentBytes();
        var estimate = Estimate(info, run, longest.Length, data.LengthOf(longest));
        Console.WriteLine($"{name} {method} ({head?.Kind.ToString() ?? "default head"}): peak RSS {peak / 1e6:F0} MB, {(peak - before) / 1e6:F0} MB above the {before / 1e6:F0} MB before the model; " +
                          $"estimate {estimate.TotalBytes / 1e6:F0} MB (weights {estimate.WeightBytes / 1e6:F0}, state {estimate.TrainingStateBytes / 1e6:F0}, " +
                          $"activations {estimate.ActivationBytes / 1e6:F0}); ratio {(double)estimate.TotalBytes / (peak - before):F2}; optimizer state {run.OptimizerStateBytes:N0} B; " +
                          $"{run.StepsTaken} steps in {(run.ForwardBackward.Elapsed + run.Optimizing.Elapsed).TotalSeconds:F1} s wall, {run.CpuTime.TotalSeconds:F1} CPU-s; " +
                          $"MALLOC_MMAP_THRESHOLD_={Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") ?? "unset"}; load {Machine.LoadAverage()}");
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            model = name, method, residentBefore = before, peakResident = peak, peakGrowth = peak - before, optimizerStateBytes = run.OptimizerStateBytes,
            estimate = estimate.TotalBytes, estimate.WeightBytes, estimate.TrainingStateBytes, estimate.ActivationBytes,
        }));
        return 0;
    }

    /// <summary>The estimate the portal makes for what MethodRun trains: the same method defaults, no best-checkpoint copy (the bench keeps none).</summary>
    private static MemoryEstimate Estimate(ModelInfo info, MethodRun run, int batch, int length)
    {
        var spec = new ExperimentSpec
        {
            Model = info.Name,
            Method = run.Spec,
            Training = new TrainingSpec
            {
                BatchSize = batch, MaxLength = length, BestMetric = CheckpointMetric.Last,
                Precision = run.Method.Contains("-bf16", StringComparison.Ordinal) ? PrecisionKind.Bf16Frozen : PrecisionKind.Fp32,
                GradientCheckpointing = run.Method.Contains("-ckpt", StringComparison.Ordinal),
            },
        };
        return MemoryEstimate.For(spec, info) ?? throw new InvalidOperationException($"No estimate for {info.Name}.");
    }

    /// <summary>The shape the agent reports for a catalogue entry or a checkpoint folder.</summary>
    private static ModelInfo Describe(string model) =>
        ModelCatalogue.Default.Describe().SingleOrDefault(m => m.Name == model)
        ?? ModelCatalogue.Default.FindOrOpen(model).Architecture?.Describe(model, "checkpoint folder")
        ?? throw new InvalidOperationException($"{model} is neither a catalogue entry nor a checkpoint folder of a family other than BERT's.");
}
