using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>
/// A sharded checkpoint: <c>model.safetensors.index.json</c>'s <c>weight_map</c> names, for each tensor, the shard file
/// (beside the index) that holds it. Every shard is read and every mapped tensor must be in its shard.
/// </summary>
public static class ShardedSafetensors
{
    public const string WeightMap = "weight_map";

    public static Dictionary<string, Tensor> Read(string indexPath, Func<string, Dictionary<string, Tensor>> readShard)
    {
        var weightMap = ReadWeightMap(indexPath);
        var folder = Path.GetDirectoryName(indexPath)!;
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var shard in weightMap.Values.Distinct(StringComparer.Ordinal))
            {
                var shardPath = Path.Combine(folder, shard);
                if (Path.GetFileName(shard) != shard || !File.Exists(shardPath))
                {
                    throw new CheckpointException($"{indexPath}: {WeightMap} names the shard '{shard}', which is not a file beside the index.");
                }

                foreach (var (name, tensor) in readShard(shardPath))
                {
                    if (!tensors.TryAdd(name, tensor))
                    {
                        tensor.Dispose();
                        throw new CheckpointException($"{shardPath}: the tensor '{name}' is in more than one shard.");
                    }
                }
            }

            var missing = weightMap.FirstOrDefault(m => !tensors.ContainsKey(m.Key));
            if (missing.Key is not null)
            {
                throw new CheckpointException($"{indexPath}: {WeightMap} puts '{missing.Key}' in {missing.Value}, which has no such tensor.");
            }

            return tensors;
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }
    }

    private static Dictionary<string, string> ReadWeightMap(string indexPath)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(indexPath));
        }
        catch (JsonException exception)
        {
            throw new CheckpointException($"{indexPath}: invalid JSON ({exception.Message})", exception);
        }

        if (root?[WeightMap] is not JsonObject map || map.Count == 0)
        {
            throw new CheckpointException($"{indexPath}: no {WeightMap} object naming each tensor's shard.");
        }

        return map.ToDictionary(
            entry => entry.Key,
            entry => entry.Value is JsonValue value && value.TryGetValue<string>(out var file)
                ? file
                : throw new CheckpointException($"{indexPath}: {WeightMap}['{entry.Key}'] must be a shard file name."));
    }
}
