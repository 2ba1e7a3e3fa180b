using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace LabPortal.Agent.Models.Packaged;

/// <summary>
/// Reads embedded resources straight from a .NET assembly file without loading it (so the package's own
/// dependencies, ONNX Runtime among them, are never needed).
/// </summary>
public static class EmbeddedResourceReader
{
    /// <summary>The bytes of the resource named <paramref name="resourceName"/>; throws naming the file if absent.</summary>
    public static byte[] Read(string assemblyPath, string resourceName)
    {
        using var pe = Open(assemblyPath);
        var metadata = pe.GetMetadataReader();
        foreach (var handle in metadata.ManifestResources)
        {
            var resource = metadata.GetManifestResource(handle);
            if (metadata.GetString(resource.Name) != resourceName || !resource.Implementation.IsNil)
            {
                continue;
            }

            // Embedded resources sit in the CLI resources block, each as a 4-byte length followed by the bytes.
            var directory = pe.PEHeaders.CorHeader!.ResourcesDirectory;
            var reader = pe.GetSectionData(directory.RelativeVirtualAddress).GetReader();
            reader.Offset = checked((int)resource.Offset);
            var length = reader.ReadInt32();
            return reader.ReadBytes(length);
        }

        throw new InvalidDataException($"{assemblyPath} has no embedded resource '{resourceName}'.");
    }

    private static PEReader Open(string assemblyPath)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"The model package file {assemblyPath} is missing (it is copied to the agent's output at build).", assemblyPath);
        }

        var pe = new PEReader(File.OpenRead(assemblyPath));
        if (!pe.HasMetadata)
        {
            pe.Dispose();
            throw new InvalidDataException($"{assemblyPath} is not a .NET assembly.");
        }

        return pe;
    }
}
