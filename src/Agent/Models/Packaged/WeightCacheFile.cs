using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Packaged;

/// <summary>
/// The extracted weights on disk as a safetensors file (8-byte little-endian header length, a JSON header of
/// dtype/shape/offsets per tensor, then the raw little-endian data), readable by Hugging Face tooling as it is.
/// The header's <c>__metadata__</c> carries a format tag, the package it came from, the model config and a SHA-256
/// over the config JSON followed by the data, so a truncated or corrupted file is detected (and named) rather than loaded.
/// </summary>
public static class WeightCacheFile
{
    public const string Format = "labportal-packaged-encoder/1";

    private const int MaxHeaderBytes = 16 << 20;

    private static readonly JsonSerializerOptions ConfigJsonOptions = new() { WriteIndented = false };

    /// <summary>Writes atomically: a temporary file in the same folder, then a rename over the target.</summary>
    public static void Write(string path, PackagedCheckpoint checkpoint, string sourceHash)
    {
        var ordered = checkpoint.Tensors.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var config = JsonSerializer.Serialize(checkpoint.Config, ConfigJsonOptions);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(config));
        var header = new JsonObject();
        long offset = 0;
        foreach (var (name, tensor) in ordered)
        {
            if (tensor.dtype != ScalarType.Float32 || !tensor.is_contiguous())
            {
                throw new ArgumentException($"Tensor '{name}' must be contiguous float32 to be cached.", nameof(checkpoint));
            }

            var length = tensor.NumberOfElements * sizeof(float);
            header[name] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(tensor.shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + length),
            };
            sha.AppendData(tensor.bytes);
            offset += length;
        }

        header["__metadata__"] = new JsonObject
        {
            ["format"] = Format,
            ["source_sha256"] = sourceHash,
            ["config"] = config,
            ["sha256"] = Convert.ToHexStringLower(sha.GetHashAndReset()),
        };

        // Safetensors pads the header with spaces so the data starts 8-byte aligned.
        var headerText = header.ToJsonString();
        headerText += new string(' ', (8 - Encoding.UTF8.GetByteCount(headerText) % 8) % 8);
        var headerBytes = Encoding.UTF8.GetBytes(headerText);

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)headerBytes.Length);
                stream.Write(length);
                stream.Write(headerBytes);
                foreach (var (_, tensor) in ordered)
                {
                    stream.Write(tensor.bytes);
                }

                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>The config from the header alone (cheap); checks the header and that the file holds all its data.</summary>
    public static BertConfig ReadConfig(string path, string sourceHash)
    {
        using var stream = OpenRead(path);
        return ReadHeader(stream, path, sourceHash).Config;
    }

    /// <summary>Config and tensors, after checking the SHA-256 of config and data against the header.</summary>
    public static PackagedCheckpoint Read(string path, string sourceHash)
    {
        using var stream = OpenRead(path);
        var header = ReadHeader(stream, path, sourceHash);
        var data = new byte[header.DataLength];
        stream.ReadExactly(data);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(Encoding.UTF8.GetBytes(header.ConfigJson));
        sha.AppendData(data);
        if (Convert.ToHexStringLower(sha.GetHashAndReset()) != header.Sha256)
        {
            throw new InvalidDataException($"{path}: the cached weights do not match their checksum (the file is corrupt).");
        }

        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, shape, start, end) in header.Entries)
        {
            var tensor = empty(shape, ScalarType.Float32);
            data.AsSpan((int)start, (int)(end - start)).CopyTo(tensor.bytes);
            tensors[name] = tensor;
        }

        return new PackagedCheckpoint(header.Config, tensors);
    }

    private static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20);

    private static Header ReadHeader(FileStream stream, string path, string sourceHash)
    {
        try
        {
            Span<byte> lengthBytes = stackalloc byte[8];
            stream.ReadExactly(lengthBytes);
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (headerLength is 0 or > MaxHeaderBytes || (long)headerLength > stream.Length - 8)
            {
                throw new InvalidDataException($"{path}: the safetensors header length {headerLength} does not fit the file ({stream.Length} bytes).");
            }

            var headerBytes = new byte[headerLength];
            stream.ReadExactly(headerBytes);
            var header = Header.Parse(JsonNode.Parse(headerBytes)?.AsObject() ?? throw new JsonException("the header is not a JSON object"), path);
            if (header.SourceSha256 != sourceHash)
            {
                throw new InvalidDataException($"{path}: the cache was made from a different package file (source {header.SourceSha256}).");
            }

            var available = stream.Length - 8 - (long)headerLength;
            return available == header.DataLength
                ? header
                : throw new InvalidDataException($"{path}: the file holds {available} bytes of tensor data, its header declares {header.DataLength} (truncated or padded).");
        }
        catch (Exception exception) when (exception is JsonException or EndOfStreamException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{path}: not a readable weight cache ({exception.Message}).", exception);
        }
    }

    private sealed record Header(
        BertConfig Config, string ConfigJson, string SourceSha256, string Sha256, long DataLength, List<(string Name, long[] Shape, long Start, long End)> Entries)
    {
        public static Header Parse(JsonObject json, string path)
        {
            var metadata = json["__metadata__"] as JsonObject ?? throw Bad(path, "the safetensors header has no __metadata__");
            var format = Text(metadata, "format", path);
            if (format != Format)
            {
                throw Bad(path, $"the cache format is '{format}', expected '{Format}'");
            }

            var configJson = Text(metadata, "config", path);
            var config = JsonSerializer.Deserialize<BertConfig>(configJson, ConfigJsonOptions) ?? throw Bad(path, "the config is empty");
            var entries = new List<(string, long[], long, long)>();
            foreach (var (name, node) in json.Where(p => p.Key != "__metadata__"))
            {
                if (node is not JsonObject { } entry || entry["shape"] is not JsonArray shape || entry["data_offsets"] is not JsonArray { Count: 2 } offsets
                    || (string?)entry["dtype"] != "F32")
                {
                    throw Bad(path, $"the header entry for '{name}' is not an F32 tensor with shape and data_offsets");
                }

                entries.Add((name, shape.Select(d => Number(d, name, path)).ToArray(), Number(offsets[0], name, path), Number(offsets[1], name, path)));
            }

            // The tensors must tile the data section exactly, each as long as its shape says.
            long next = 0;
            foreach (var (name, shape, start, end) in entries.OrderBy(e => e.Item3))
            {
                if (start != next || end - start != shape.Aggregate(1L, (a, b) => a * b) * sizeof(float))
                {
                    throw Bad(path, $"the header entry for '{name}' has offsets [{start}, {end}] that do not fit its shape or its neighbours");
                }

                next = end;
            }

            return new Header(config, configJson, Text(metadata, "source_sha256", path), Text(metadata, "sha256", path), next, entries);
        }

        private static long Number(JsonNode? node, string name, string path) =>
            node is JsonValue value && value.TryGetValue<long>(out var number) && number >= 0 ? number : throw Bad(path, $"the header entry for '{name}' has a size or offset that is not a whole number");

        private static string Text(JsonObject metadata, string key, string path) =>
            metadata[key] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw Bad(path, $"__metadata__ has no text '{key}'");

        private static InvalidDataException Bad(string path, string problem) => new($"{path}: {problem}.");
    }
}
