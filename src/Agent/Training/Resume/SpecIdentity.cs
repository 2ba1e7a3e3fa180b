using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Training.Resume;

/// <summary>
/// Whether a checkpoint belongs to a spec. File paths do not count (a slice written into another output folder is
/// the same data; the data fingerprint checks the bytes); every other field does, the seed and epochs included.
/// </summary>
public static class SpecIdentity
{
    public static string Sha256(ExperimentSpec spec) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(LabJson.Serialize(WithoutPaths(spec)))));

    /// <summary>"training.learningRate: 0.001 in the checkpoint, 0.002 now", one per differing field.</summary>
    public static IReadOnlyList<string> Differences(ExperimentSpec saved, ExperimentSpec current)
    {
        var differences = new List<string>();
        Compare("", Node(saved), Node(current), differences);
        return differences;
    }

    private static ExperimentSpec WithoutPaths(ExperimentSpec spec) => spec with { Dataset = spec.Dataset with { TrainFile = "", ValidationFile = "" } };

    private static JsonNode? Node(ExperimentSpec spec) => JsonSerializer.SerializeToNode(WithoutPaths(spec), LabJson.Options);

    private static void Compare(string path, JsonNode? saved, JsonNode? current, List<string> differences)
    {
        if (saved is JsonObject savedObject && current is JsonObject currentObject)
        {
            foreach (var name in savedObject.Select(p => p.Key).Union(currentObject.Select(p => p.Key)))
            {
                Compare(path.Length == 0 ? name : $"{path}.{name}", savedObject[name], currentObject[name], differences);
            }
        }
        else if (!JsonNode.DeepEquals(saved, current))
        {
            differences.Add($"{path}: {saved?.ToJsonString() ?? "null"} in the checkpoint, {current?.ToJsonString() ?? "null"} now");
        }
    }
}
