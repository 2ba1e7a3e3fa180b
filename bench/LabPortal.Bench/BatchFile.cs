using System.Text.Json;
using LabPortal.Agent.Training;

namespace LabPortal.Bench;

/// <summary>The benchmark's batches as token ids, so bench/peer_lora_step.py steps through exactly the same ones.</summary>
public static class BatchFile
{
    public static void Write(string path, IReadOnlyList<int[]> batches, int warmup, IReadOnlyList<EncodedExample> trainSet)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var content = new
        {
            warmup,
            batches = batches.Select(b => b.Select(i => new { ids = trainSet[i].Pair.InputIds, types = trainSet[i].Pair.TokenTypeIds, label = trainSet[i].Label })),
        };
        File.WriteAllText(path, JsonSerializer.Serialize(content));
    }
}
