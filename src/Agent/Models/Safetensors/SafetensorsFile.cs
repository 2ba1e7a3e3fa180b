using LabPortal.Agent.Artifacts;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Safetensors;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header (name → dtype, shape, byte range
/// of the data area; string <c>__metadata__</c>), then the raw little-endian tensor bytes. One codec for checkpoint
/// folders, the packaged weight cache and adapters. Own code rather than TorchSharp.PyBridge's: reading checks the
/// whole header against the file length before any tensor is read (PyBridge reads a truncated file without
/// noticing), and writing adds the <c>{"format": "pt"}</c> metadata and 8-byte alignment Hugging Face expects.
/// A malformed file is an <see cref="InvalidDataException"/> naming it.
/// </summary>
public static class SafetensorsFile
{
    private const int BufferSize = 1 << 20;

    /// <summary>Reads every tensor to the CPU, and the metadata; checks the whole header first, so a bad file reads nothing.</summary>
    public static SafetensorsContents Read(string path)
    {
        using var stream = OpenRead(path);
        var header = SafetensorsHeader.Read(stream, path);
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var entry in header.Entries)
            {
                var bytes = new byte[entry.End - entry.Begin];
                stream.Position = header.DataStart + entry.Begin;
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

        return new SafetensorsContents(tensors, header.Metadata);
    }

    /// <summary>The metadata from the header alone (cheap on a large file); the header is still checked against the file length.</summary>
    public static IReadOnlyDictionary<string, string> ReadMetadata(string path)
    {
        using var stream = OpenRead(path);
        return SafetensorsHeader.Read(stream, path).Metadata;
    }

    /// <summary>
    /// Writes the tensors (any device; copied to the CPU) in the given order, with the metadata plus <c>format: pt</c>
    /// unless it says otherwise. Atomic: a temporary file in the same folder, flushed, then renamed over the target,
    /// so a reader never sees half a file (<see cref="AtomicFile"/>).
    /// </summary>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = SafetensorsHeader.Build(tensors, metadata);
        AtomicFile.Write(path, stream =>
        {
            stream.Write(header);
            foreach (var (_, tensor) in tensors)
            {
                using var cpu = tensor.detach().cpu().contiguous();
                stream.Write(cpu.bytes);
            }
        });
    }

    private static FileStream OpenRead(string path) => new(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
}
