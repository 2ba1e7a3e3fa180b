using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Safetensors;

/// <summary>
/// A safetensors header: the tensors' dtype, shape and byte range in the data area, and the string
/// <c>__metadata__</c>. Parsing checks it against the file length as the reference reader does (the tensors tile the
/// data area exactly), so a truncated or padded file fails before any tensor is read.
/// </summary>
internal sealed record SafetensorsHeader(IReadOnlyList<SafetensorsHeader.Entry> Entries, IReadOnlyDictionary<string, string> Metadata, long DataStart)
{
    public const string MetadataKey = "__metadata__";

    // Header lengths beyond this are not a real checkpoint (Hugging Face's own reader uses the same limit).
    private const ulong MaxHeaderLength = 100_000_000;

    /// <summary>Reads and checks the header; leaves the stream just after it, at the data area.</summary>
    public static SafetensorsHeader Read(FileStream stream, string path)
    {
        var fileLength = stream.Length;
        if (fileLength < 8)
        {
            throw Corrupt(path, $"the file has {fileLength} bytes, fewer than the 8-byte header length (truncated?)");
        }

        Span<byte> length8 = stackalloc byte[8];
        stream.ReadExactly(length8);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(length8);
        if (headerLength > MaxHeaderLength || (long)headerLength > fileLength - 8)
        {
            throw Corrupt(path, $"the header length {headerLength} does not fit the file of {fileLength} bytes (truncated, or not a safetensors file)");
        }

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        JsonObject json;
        try
        {
            json = JsonNode.Parse(headerBytes) as JsonObject ?? throw Corrupt(path, "the header is not a JSON object");
        }
        catch (JsonException exception)
        {
            throw Corrupt(path, $"the header is not valid JSON ({exception.Message})", exception);
        }

        var dataStart = 8 + (long)headerLength;
        var entries = json.Where(p => p.Key != MetadataKey).Select(p => ParseEntry(p.Key, p.Value, path)).ToList();
        CheckTiling(entries, fileLength - dataStart, path);
        return new SafetensorsHeader(entries, ParseMetadata(json[MetadataKey], path), dataStart);
    }

    /// <summary>The 8-byte length and the JSON header for the tensors in this order, padded so the data starts 8-byte aligned.</summary>
    public static byte[] Build(IReadOnlyList<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata)
    {
        var metadataJson = new JsonObject { ["format"] = "pt" };
        foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
        {
            metadataJson[key] = value;
        }

        var header = new JsonObject { [MetadataKey] = metadataJson };
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            if (name == MetadataKey)
            {
                throw new ArgumentException($"A tensor cannot be named '{MetadataKey}'.", nameof(tensors));
            }

            var length = tensor.numel() * tensor.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = SafetensorsDType.Name(tensor.dtype, name),
                ["shape"] = new JsonArray(tensor.shape.Select(d => JsonValue.Create(d)).ToArray<JsonNode?>()),
                ["data_offsets"] = new JsonArray(offset, offset + length),
            };
            offset += length;
        }

        var json = header.ToJsonString();
        var padded = Encoding.UTF8.GetBytes(json + new string(' ', (8 - (Encoding.UTF8.GetByteCount(json) % 8)) % 8));
        var bytes = new byte[8 + padded.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded.Length);
        padded.CopyTo(bytes, 8);
        return bytes;
    }

    private static Entry ParseEntry(string name, JsonNode? node, string path)
    {
        try
        {
            var dtypeName = node!["dtype"]!.GetValue<string>();
            var dtype = SafetensorsDType.Parse(dtypeName) ?? throw Corrupt(path, $"tensor '{name}' has the unsupported dtype '{dtypeName}'");
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var offsets = node["data_offsets"]!.AsArray().Select(o => o!.GetValue<long>()).ToArray();
            var expected = shape.Aggregate(1L, (a, b) => a * b) * SafetensorsDType.Size(dtype);
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] - offsets[0] != expected || shape.Any(d => d < 0))
            {
                throw Corrupt(path, $"tensor '{name}': data_offsets [{string.Join(", ", offsets)}] do not hold shape [{string.Join(", ", shape)}] of {dtype}");
            }

            return new Entry(name, dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception exception) when (exception is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw Corrupt(path, $"tensor '{name}' has no valid dtype, shape and data_offsets", exception);
        }
    }

    // The reference reader's rule: each tensor starts where the previous one ends, and the last ends with the file.
    private static void CheckTiling(List<Entry> entries, long dataLength, string path)
    {
        long next = 0;
        foreach (var entry in entries.OrderBy(e => e.Begin).ThenBy(e => e.End))
        {
            if (entry.End > dataLength)
            {
                throw Corrupt(path, $"tensor '{entry.Name}' ends at byte {entry.End} of the data, which has only {dataLength} bytes (truncated?)");
            }

            if (entry.Begin != next)
            {
                throw Corrupt(path, $"tensor '{entry.Name}' starts at byte {entry.Begin} of the data, where byte {next} was expected (overlapping or gapped tensors)");
            }

            next = entry.End;
        }

        if (next != dataLength)
        {
            throw Corrupt(path, $"the data has {dataLength} bytes but its tensors cover {next} (padded, or tensors missing from the header)");
        }
    }

    private static Dictionary<string, string> ParseMetadata(JsonNode? node, string path)
    {
        var metadata = new Dictionary<string, string>();
        if (node is null)
        {
            return metadata;
        }

        if (node is not JsonObject json)
        {
            throw Corrupt(path, $"{MetadataKey} is not a JSON object");
        }

        foreach (var (key, value) in json)
        {
            metadata[key] = value is JsonValue text && text.TryGetValue<string>(out var s)
                ? s
                : throw Corrupt(path, $"{MetadataKey} '{key}' is not a string");
        }

        return metadata;
    }

    private static InvalidDataException Corrupt(string path, string problem, Exception? inner = null) =>
        new($"{path} is not a valid safetensors file: {problem}.", inner);

    public sealed record Entry(string Name, ScalarType DType, long[] Shape, long Begin, long End);
}
