using System.IO.Compression;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Data.Glue;

/// <summary>
/// A task's zip among GLUE's downloads (<see cref="GlueSources.Zips"/>): its file name, and which of its entries become
/// which files of the task's folder, copied byte for byte. Each zip holds one folder (CoLA/, SST-2/, …); the test files
/// in it carry no labels, so they stay there.
/// </summary>
public sealed record GlueZip(string FileName, IReadOnlyList<(string Entry, string File)> Files)
{
    /// <summary>The task's zip as GLUE's download script names it; null for MRPC, which GLUE does not host (see <see cref="MrpcSplit"/>).</summary>
    public static GlueZip? For(TaskKind task) => task switch
    {
        TaskKind.Cola => TrainAndDev("CoLA.zip", "CoLA"),
        TaskKind.Sst2 => TrainAndDev("SST-2.zip", "SST-2"),
        TaskKind.Stsb => TrainAndDev("STS-B.zip", "STS-B"),
        TaskKind.Qqp => TrainAndDev("QQP-clean.zip", "QQP"),

        // Two dev sets: the matched one (same genres as train) is the task's dev.tsv; the mismatched one is kept beside it.
        TaskKind.Mnli => new("MNLI.zip", [("MNLI/train.tsv", "train.tsv"), ("MNLI/dev_matched.tsv", "dev.tsv"), ("MNLI/dev_mismatched.tsv", "dev_mismatched.tsv")]),

        // The script fetches QNLI's second version, whose folder is plain QNLI.
        TaskKind.Qnli => TrainAndDev("QNLIv2.zip", "QNLI"),
        TaskKind.Rte => TrainAndDev("RTE.zip", "RTE"),
        _ => null,
    };

    /// <summary>
    /// Copies each entry of <see cref="Files"/> into the part file at the same place of <paramref name="parts"/>. A missing
    /// entry fails before anything is copied, naming the zip's address, every missing entry and what the zip holds.
    /// </summary>
    public void Extract(string zipPath, Uri source, IReadOnlyList<PartFile> parts)
    {
        using var archive = Open(zipPath, source);
        var missing = Files.Where(f => archive.GetEntry(f.Entry) is null).Select(f => f.Entry).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException(
                $"The zip from {source} has no {string.Join(" or ", missing)} (it holds: {string.Join(", ", archive.Entries.Select(e => e.FullName))}).");
        }

        foreach (var ((entry, _), to) in Files.Zip(parts))
        {
            using var from = archive.GetEntry(entry)!.Open();
            using var stream = to.Create();
            from.CopyTo(stream);
        }
    }

    private static GlueZip TrainAndDev(string fileName, string folder) => new(fileName, [($"{folder}/train.tsv", "train.tsv"), ($"{folder}/dev.tsv", "dev.tsv")]);

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
