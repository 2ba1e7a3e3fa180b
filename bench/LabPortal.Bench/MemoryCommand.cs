using System.Text.Json;
using LabPortal.Agent.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Bench;

/// <summary>
/// <c>memory lora|full[-bf16][-ckpt]</c>: one method (and precision, checkpointing) per process (freed memory stays with the C allocator, so a second method in the
/// same process would reuse the first one's pages): peak resident memory over the first 5 bucketed batches and the
/// longest batch of the train command's 35, above the resident memory once a model had been loaded and freed.
/// </summary>
public static class MemoryCommand
{
    public static int Run(string[] args)
    {
        var method = args.FirstOrDefault() ?? "lora";
        torch.set_num_threads(2);
        torch.manual_seed(42);
        var data = QqpBatches.Load(batchSize: 32, maxLength: 128, count: 35);
        var longest = data.Batches.MaxBy(data.LengthOf)!;

        ModelCatalogue.Default.Create("minilm", seed: 42, CPU).Dispose();
        GC.Collect();
        var before = Machine.ResidentBytes();
        Machine.ResetPeakResident();
        using var run = new MethodRun(method, data.Examples, data.Special);
        foreach (var batch in data.Batches.Take(5).Append(longest))
        {
            run.Step(batch);
        }

        var peak = Machine.PeakResidentBytes();
        Console.WriteLine($"{method}: peak RSS {peak / 1e6:F0} MB, {(peak - before) / 1e6:F0} MB above the {before / 1e6:F0} MB before the model; " +
                          $"optimizer state {run.OptimizerStateBytes:N0} B");
        Console.WriteLine(JsonSerializer.Serialize(new { method, residentBefore = before, peakResident = peak, peakGrowth = peak - before, optimizerStateBytes = run.OptimizerStateBytes }));
        return 0;
    }
}
