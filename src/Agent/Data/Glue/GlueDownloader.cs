using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Data.Glue;

/// <summary>
/// Fetches a GLUE task's official files into <c>OUTPUT/&lt;task&gt;/train.tsv</c> and <c>dev.tsv</c> (MNLI: also
/// <c>dev_mismatched.tsv</c>), in the layouts the pair readers expect. Every file is made in full beside its name and
/// read with the task's reader first, and all are moved in only then, so a failure writes none; a file already there
/// is kept unless <c>force</c>.
/// </summary>
public sealed class GlueDownloader(HttpClient http, GlueSources sources)
{
    public async Task<IReadOnlyList<GlueFile>> DownloadAsync(TaskKind task, string outputFolder, bool force, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(Path.Combine(outputFolder, GlueTasks.NameOf(task)));
        var targets = GlueTasks.FilesOf(task).Select(name => Path.Combine(folder, name)).ToList();
        var wanted = targets.Where(target => force || !File.Exists(target)).ToList();
        var examples = new Dictionary<string, int>();
        if (wanted.Count > 0)
        {
            Directory.CreateDirectory(folder);
            var parts = targets.Select(target => new PartFile(target)).ToList();
            try
            {
                var origins = await (GlueZip.For(task) is { } zip
                    ? FetchZipAsync(zip, folder, parts, cancellationToken)
                    : FetchMrpcAsync(folder, parts[0], parts[1], cancellationToken));
                var finished = parts.Zip(origins).Where(p => wanted.Contains(p.First.Target)).ToList();
                foreach (var (part, origin) in finished)
                {
                    examples[part.Target] = CountExamples(task, part.Path, origin);
                }

                foreach (var (part, _) in finished)
                {
                    part.MoveIntoPlace(overwrite: force);
                }
            }
            finally
            {
                parts.ForEach(part => part.Dispose());
            }
        }

        return targets.Select(target => new GlueFile(task, target, examples.TryGetValue(target, out var count) ? count : null)).ToList();
    }

    /// <summary>Unpacks the task's zip into the parts; says, for each part, which entry of which zip it is.</summary>
    private async Task<IReadOnlyList<string>> FetchZipAsync(GlueZip zip, string folder, IReadOnlyList<PartFile> parts, CancellationToken cancellationToken)
    {
        var source = sources.ZipOf(zip);
        using var download = new PartFile(Path.Combine(folder, zip.FileName));
        await HttpDownload.ToFileAsync(http, source, download, cancellationToken);
        zip.Extract(download.Path, source, parts);
        return zip.Files.Select(f => $"{f.Entry} in the zip from {source}").ToList();
    }

    private async Task<IReadOnlyList<string>> FetchMrpcAsync(string folder, PartFile train, PartFile dev, CancellationToken cancellationToken)
    {
        using var pairs = new PartFile(Path.Combine(folder, "msr_paraphrase_train.txt"));
        using var devIds = new PartFile(Path.Combine(folder, "mrpc_dev_ids.tsv"));
        await HttpDownload.ToFileAsync(http, sources.MrpcTrain, pairs, cancellationToken);
        await HttpDownload.ToFileAsync(http, sources.MrpcDevIds, devIds, cancellationToken);
        using (var trainText = train.CreateText())
        using (var devText = dev.CreateText())
        {
            MrpcSplit.Write((pairs.Path, sources.MrpcTrain), (devIds.Path, sources.MrpcDevIds), trainText, devText);
        }

        return [$"train.tsv as split from {sources.MrpcTrain}", $"dev.tsv as split from {sources.MrpcTrain}"];
    }

    /// <summary>
    /// Reads a finished file with the lab's own reader for the task, so a download its runs could not read fails here,
    /// with the reader's line and column, instead of being kept. The error names where the file came from (<paramref
    /// name="origin"/>), not its .part name, which is deleted.
    /// </summary>
    private static int CountExamples(TaskKind task, string path, string origin)
    {
        try
        {
            return PairFileReader.Read(path, PairFileLayout.For(new DatasetSpec { Task = task })).Count();
        }
        catch (DataFormatException exception)
        {
            throw new DataFormatException(origin, exception.Line, exception.Column, exception.Problem);
        }
    }
}
