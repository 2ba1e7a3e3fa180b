using System.IO.Compression;

namespace LabPortal.Agent.Adapters;

/// <summary>
/// Unpacks an adapter archive (adapter.zip as the portal stores it). Every entry is checked before anything is written,
/// so an entry that would land outside the folder ("../x", an absolute path: zip-slip) refuses the whole archive.
/// </summary>
public static class AdapterArchive
{
    public static void Extract(string zipPath, string folder)
    {
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"{zipPath} is not a zip archive ({exception.Message})", exception);
        }

        using (archive)
        {
            var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Path.DirectorySeparatorChar;
            foreach (var entry in archive.Entries)
            {
                var target = Path.GetFullPath(Path.Combine(root, entry.FullName));
                if (!target.StartsWith(root, StringComparison.Ordinal))
                {
                    throw new InvalidDataException($"{zipPath}: the entry '{entry.FullName}' would be written outside the folder it is unpacked into; nothing was unpacked.");
                }
            }

            archive.ExtractToDirectory(folder);
        }
    }
}
