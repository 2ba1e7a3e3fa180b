using System.Text.Json.Nodes;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Safetensors;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Checkpoints;

/// <summary>Writes a test checkpoint's tensors as save_pretrained shards them: two safetensors files and the index mapping each tensor to its file.</summary>
internal static class ShardedWeights
{
    public static void Write(string folder, IReadOnlyList<(string Name, torch.Tensor Tensor)> tensors, Func<string, bool> inSecondShard)
    {
        var first = tensors.Where(t => !inSecondShard(t.Name)).ToList();
        var second = tensors.Where(t => inSecondShard(t.Name)).ToList();
        SafetensorsFile.Write(Path.Combine(folder, "model-00001-of-00002.safetensors"), first);
        SafetensorsFile.Write(Path.Combine(folder, "model-00002-of-00002.safetensors"), second);
        var map = new JsonObject();
        first.ForEach(t => map[t.Name] = "model-00001-of-00002.safetensors");
        second.ForEach(t => map[t.Name] = "model-00002-of-00002.safetensors");
        File.WriteAllText(Path.Combine(folder, CheckpointFiles.ShardedSafetensorsIndex), new JsonObject { ["metadata"] = new JsonObject(), ["weight_map"] = map }.ToJsonString());
    }
}
