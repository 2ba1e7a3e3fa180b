using System.IO.Compression;

namespace LabPortal.Agent.Runs;

/// <summary>
/// The files a run left in its artifact folder, as the portal stores them: each file as it is, each sub-folder
/// (the adapter) as one zip named after it.
/// </summary>
public static class ArtifactPackage
{
    public static IEnumerable<(string Name, Func<Stream> Open)> From(string folder)
    {
        foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
        {
            yield return (Path.GetFileName(file).ToLowerInvariant(), () => File.OpenRead(file));
        }

        foreach (var directory in Directory.EnumerateDirectories(folder).Order(StringComparer.Ordinal))
        {
            yield return (Path.GetFileName(directory).ToLowerInvariant() + ".zip", () => Zip(directory));
        }
    }

    private static MemoryStream Zip(string directory)
    {
        var zipped = new MemoryStream();
        ZipFile.CreateFromDirectory(directory, zipped, CompressionLevel.Optimal, includeBaseDirectory: false);
        zipped.Position = 0;
        return zipped;
    }
}
