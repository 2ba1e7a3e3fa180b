using System.IO.Compression;

namespace LabPortal.Agent.Data.Glue;

/// <summary>QQP-clean.zip holds QQP/train.tsv, QQP/dev.tsv and QQP/test.tsv (unlabelled); the lab keeps the first two as they are.</summary>
public static class QqpZip
{
    public static void Extract(string zipPath, Uri source, IReadOnlyList<(string Entry, PartFile To)> files)
    {
        using var archive = Open(zipPath, source);
        var missing = files.Where(f => archive.GetEntry(f.Entry) is null).Select(f => f.Entry).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"The zip from {source} has no {string.Join(" or ", missing)} (it holds: {string.Join(", ", archive.Entries.Select(e => e.FullName))}).");
        }

        foreach (var (entry, to) in files)
        {
            using var from = archive.GetEntry(entry)!.Open();
            using var stream = to.Create();
            from.CopyTo(stream);
        }
    }

    private static ZipArchive Open(string zipPath, Uri source)
    {
        try
        {
            return ZipFile.OpenRead(zipPath);
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"What {source} sent is not a zip file: {exception.Message}", exception);
        }
    }
}
