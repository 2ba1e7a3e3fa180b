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
/// The header's <c>__metadata__</c> carries a format tag, the model config and the SHA-256 of the data, so a
/// truncated or corrupted file is detected (and named) rather than loaded.
/// </summary>
public static class WeightCacheFile
{
    public const string Format = "labportal-packaged-encoder/1";

    private const int MaxHeaderBytes = 16 << 20;

    private static readonly JsonSerializerOptions ConfigJson = new() { WriteIndented = false };

    /// <summary>Writes atomically: a temporary file in the same folder, then a rename over the target.</summary>
    public static void Write(string path, PackagedCheckpoint checkpoint, string sourceHash)
    {
        var ordered = checkpoint.Tensors.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
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
            ["config"] = JsonSerializer.Serialize(checkpoint.Config, ConfigJson),
            ["data_sha256"] = Convert.ToHexStringLower(sha.GetHashAndReset()),
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

    /// <summary>Config and tensors, after checking the data's SHA-256 against the header.</summary>
    public static PackagedCheckpoint Read(string path, string sourceHash)
    {
        using var stream = OpenRead(path);
        var header = ReadHeader(stream, path, sourceHash);
        var data = new byte[header.DataLength];
        stream.ReadExactly(data);
        if (Convert.ToHexStringLower(SHA256.HashData(data)) != header.DataSha256)
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
        catch (Exception exception) when (exception is JsonException or EndOfStreamException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new InvalidDataException($"{path}: not a readable weight cache ({exception.Message}).", exception);
        }
    }

    private sealed record Header(BertConfig Config, string SourceSha256, string DataSha256, long DataLength, List<(string Name, long[] Shape, long Start, long End)> Entries)
    {
        public static Header Parse(JsonObject json, string path)
        {
            var metadata = json["__metadata__"]?.AsObject() ?? throw new InvalidDataException($"{path}: the safetensors header has no __metadata__.");
            if ((string?)metadata["format"] != Format)
            {
                throw new InvalidDataException($"{path}: the cache format is '{(string?)metadata["format"]}', expected '{Format}'.");
            }

            var config = JsonSerializer.Deserialize<BertConfig>((string)metadata["config"]!, ConfigJson)!;
            var entries = new List<(string, long[], long, long)>();
            long next = 0;
            foreach (var (name, node) in json.Where(p => p.Key != "__metadata__").OrderBy(p => (long)p.Value!["data_offsets"]![0]!))
            {
                var shape = node!["shape"]!.AsArray().Select(d => (long)d!).ToArray();
                var (start, end) = ((long)node["data_offsets"]![0]!, (long)node["data_offsets"]![1]!);
                if ((string?)node["dtype"] != "F32" || start != next || end - start != shape.Aggregate(1L, (a, b) => a * b) * sizeof(float))
                {
                    throw new InvalidDataException($"{path}: the header entry for '{name}' is inconsistent (dtype, shape or offsets).");
                }

                entries.Add((name, shape, start, end));
                next = end;
            }

            return new Header(config, (string)metadata["source_sha256"]!, (string)metadata["data_sha256"]!, next, entries);
        }
    }
}
