using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LabPortal.Agent.Models.Safetensors;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Packaged;

/// <summary>
/// The extracted weights on disk as a <see cref="SafetensorsFile"/>, readable by Hugging Face tooling as it is. Its
/// metadata carries a format tag, the package it came from, the model config and a SHA-256 over the config JSON
/// followed by the tensor bytes in name order, so a truncated or corrupted file is detected (and named) rather than
/// loaded. Every problem is an <see cref="InvalidDataException"/>, on which the cache rebuilds the file.
/// </summary>
public static class WeightCacheFile
{
    public const string Format = "labportal-packaged-encoder/1";

    private static readonly JsonSerializerOptions ConfigJsonOptions = new() { WriteIndented = false };

    /// <summary>Writes atomically (see <see cref="SafetensorsFile.Write"/>), the tensors in name order.</summary>
    public static void Write(string path, PackagedCheckpoint checkpoint, string sourceHash)
    {
        var ordered = InNameOrder(checkpoint.Tensors);
        foreach (var (name, tensor) in ordered.Where(t => t.Tensor.dtype != ScalarType.Float32 || !t.Tensor.is_contiguous()))
        {
            throw new ArgumentException($"Tensor '{name}' must be contiguous float32 to be cached.", nameof(checkpoint));
        }

        var config = JsonSerializer.Serialize(checkpoint.Config, ConfigJsonOptions);
        SafetensorsFile.Write(path, ordered, new Dictionary<string, string>
        {
            ["format"] = Format,
            ["source_sha256"] = sourceHash,
            ["config"] = config,
            ["sha256"] = Checksum(config, ordered),
        });
    }

    /// <summary>The config from the header alone (cheap); the header is still checked against the file length.</summary>
    public static BertConfig ReadConfig(string path, string sourceHash) =>
        ReadMetadata(SafetensorsFile.ReadMetadata(path), path, sourceHash).Config;

    /// <summary>Config and tensors, after checking the SHA-256 of config and data against the header.</summary>
    public static PackagedCheckpoint Read(string path, string sourceHash)
    {
        var contents = SafetensorsFile.Read(path);
        try
        {
            var (config, configJson, sha256) = ReadMetadata(contents.Metadata, path, sourceHash);
            var ordered = InNameOrder(contents.Tensors);
            foreach (var (name, tensor) in ordered.Where(t => t.Tensor.dtype != ScalarType.Float32))
            {
                throw Bad(path, $"the cached tensor '{name}' holds {tensor.dtype}, not float32");
            }

            return Checksum(configJson, ordered) == sha256
                ? new PackagedCheckpoint(config, contents.Tensors)
                : throw Bad(path, "the cached weights do not match their checksum (the file is corrupt)");
        }
        catch
        {
            foreach (var tensor in contents.Tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }
    }

    private static (BertConfig Config, string ConfigJson, string Sha256) ReadMetadata(IReadOnlyDictionary<string, string> metadata, string path, string sourceHash)
    {
        var format = Text(metadata, "format", path);
        if (format != Format)
        {
            throw Bad(path, $"the cache format is '{format}', expected '{Format}'");
        }

        var configJson = Text(metadata, "config", path);
        BertConfig config;
        try
        {
            config = JsonSerializer.Deserialize<BertConfig>(configJson, ConfigJsonOptions) ?? throw Bad(path, "the config is empty");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{path}: the cached config is not readable ({exception.Message}).", exception);
        }

        var source = Text(metadata, "source_sha256", path);
        return source == sourceHash
            ? (config, configJson, Text(metadata, "sha256", path))
            : throw Bad(path, $"the cache was made from a different package file (source {source})");
    }

    private static List<(string Name, Tensor Tensor)> InNameOrder(IEnumerable<KeyValuePair<string, Tensor>> tensors) =>
        tensors.OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => (t.Key, t.Value)).ToList();

    // Same order as the file's data area, so caches written before the shared codec still verify.
    private static string Checksum(string configJson, List<(string Name, Tensor Tensor)> ordered)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(configJson));
        foreach (var (_, tensor) in ordered)
        {
            sha.AppendData(tensor.bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static string Text(IReadOnlyDictionary<string, string> metadata, string key, string path) =>
        metadata.TryGetValue(key, out var text) ? text : throw Bad(path, $"__metadata__ has no '{key}'");

    private static InvalidDataException Bad(string path, string problem) => new($"{path}: {problem}.");
}
