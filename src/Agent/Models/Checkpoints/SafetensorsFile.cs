using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header (name → dtype, shape, byte range
/// of the data area; optional <c>__metadata__</c>), then the raw little-endian tensor bytes. Own code rather than
/// TorchSharp.PyBridge's: reading checks every header entry against the file length before any tensor is read
/// (PyBridge reads a truncated file without noticing), and writing adds the <c>{"format": "pt"}</c> metadata and
/// 8-byte header alignment that Hugging Face's loader expects.
/// </summary>
public static class SafetensorsFile
{
    private const string MetadataKey = "__metadata__";

    // Header lengths beyond this are not a real checkpoint (Hugging Face's own reader uses the same limit).
    private const ulong MaxHeaderLength = 100_000_000;

    /// <summary>Reads every tensor to the CPU; checks the whole header first, so a bad file reads nothing.</summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        using var stream = File.OpenRead(path);
        var entries = ReadHeader(stream, path, out var dataStart);
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var entry in entries)
            {
                var bytes = new byte[entry.End - entry.Begin];
                stream.Position = dataStart + entry.Begin;
                stream.ReadExactly(bytes);
                var tensor = empty(entry.Shape, entry.DType);
                tensor.bytes = bytes;
                tensors.Add(entry.Name, tensor);
            }
        }
        catch
        {
            foreach (var tensor in tensors.Values)
            {
                tensor.Dispose();
            }

            throw;
        }

        return tensors;
    }

    /// <summary>Writes the tensors (any device; copied to the CPU) in the given order.</summary>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors)
    {
        var header = new JsonObject { [MetadataKey] = new JsonObject { ["format"] = "pt" } };
        long offset = 0;
        foreach (var (name, tensor) in tensors)
        {
            var length = tensor.numel() * tensor.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = DTypeName(tensor.dtype, name),
                ["shape"] = new JsonArray(tensor.shape.Select(d => JsonValue.Create(d)).ToArray<JsonNode?>()),
                ["data_offsets"] = new JsonArray(offset, offset + length),
            };
            offset += length;
        }

        // Pad the header with spaces so the data starts 8-byte aligned, as the reference writer does.
        var json = header.ToJsonString();
        var headerBytes = Encoding.UTF8.GetBytes(json.PadRight(json.Length + ((8 - (Encoding.UTF8.GetByteCount(json) % 8)) % 8)));
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
        Span<byte> length8 = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length8, (ulong)headerBytes.Length);
        stream.Write(length8);
        stream.Write(headerBytes);
        foreach (var (_, tensor) in tensors)
        {
            using var cpu = tensor.detach().cpu().contiguous();
            stream.Write(cpu.bytes);
        }
    }

    private static List<Entry> ReadHeader(FileStream stream, string path, out long dataStart)
    {
        var fileLength = stream.Length;
        Span<byte> length8 = stackalloc byte[8];
        if (fileLength < 8)
        {
            throw Corrupt(path, $"the file has {fileLength} bytes, fewer than the 8-byte header length (truncated?)");
        }

        stream.ReadExactly(length8);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(length8);
        if (headerLength > MaxHeaderLength || (long)headerLength > fileLength - 8)
        {
            throw Corrupt(path, $"the header claims {headerLength} bytes but the file has {fileLength} (truncated, or not a safetensors file)");
        }

        var headerBytes = new byte[headerLength];
        stream.ReadExactly(headerBytes);
        dataStart = 8 + (long)headerLength;
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes) as JsonObject ?? throw Corrupt(path, "the header is not a JSON object");
        }
        catch (JsonException exception)
        {
            throw Corrupt(path, $"the header is not valid JSON ({exception.Message})", exception);
        }

        var dataLength = fileLength - dataStart;
        var entries = new List<Entry>();
        foreach (var (name, node) in header)
        {
            if (name == MetadataKey)
            {
                continue;
            }

            var entry = ParseEntry(name, node, path);
            if (entry.End > dataLength)
            {
                throw Corrupt(path, $"tensor '{name}' ends at byte {entry.End} of the data, which has only {dataLength} bytes (truncated?)");
            }

            entries.Add(entry);
        }

        return entries;
    }

    private static Entry ParseEntry(string name, JsonNode? node, string path)
    {
        try
        {
            var dtype = DType(node!["dtype"]!.GetValue<string>(), name, path);
            var shape = node["shape"]!.AsArray().Select(d => d!.GetValue<long>()).ToArray();
            var offsets = node["data_offsets"]!.AsArray().Select(o => o!.GetValue<long>()).ToArray();
            var expected = shape.Aggregate(1L, (a, b) => a * b) * ElementSize(dtype);
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

    private static ScalarType DType(string name, string tensor, string path) => name switch
    {
        "F32" => ScalarType.Float32,
        "F16" => ScalarType.Float16,
        "BF16" => ScalarType.BFloat16,
        "F64" => ScalarType.Float64,
        "I64" => ScalarType.Int64,
        "I32" => ScalarType.Int32,
        "I16" => ScalarType.Int16,
        "I8" => ScalarType.Int8,
        "U8" => ScalarType.Byte,
        "BOOL" => ScalarType.Bool,
        _ => throw Corrupt(path, $"tensor '{tensor}' has the unsupported dtype '{name}'"),
    };

    private static string DTypeName(ScalarType dtype, string tensor) => dtype switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => throw new NotSupportedException($"Tensor '{tensor}' has dtype {dtype}, which safetensors cannot hold."),
    };

    private static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };

    private static CheckpointException Corrupt(string path, string problem, Exception? inner = null) =>
        new($"{path} is not a valid safetensors file: {problem}.", inner);

    private sealed record Entry(string Name, ScalarType DType, long[] Shape, long Begin, long End);
}
