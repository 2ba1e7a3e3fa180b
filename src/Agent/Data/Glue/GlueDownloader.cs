namespace LabPortal.Agent.Data.Glue;

/// <summary>
/// Fetches a GLUE task's official files into <c>OUTPUT/&lt;task&gt;/train.tsv</c> and <c>dev.tsv</c>, in the layouts the
/// pair readers expect. Both files are made in full beside their names first and moved in only then, so a failure
/// writes neither; a file already there is kept unless <c>force</c>.
/// </summary>
public sealed class GlueDownloader(HttpClient http, GlueSources sources)
{
    public async Task<IReadOnlyList<GlueFile>> DownloadAsync(GlueTask task, string outputFolder, bool force, CancellationToken cancellationToken = default)
    {
        var folder = Path.GetFullPath(Path.Combine(outputFolder, GlueTasks.NameOf(task)));
        var targets = new[] { "train.tsv", "dev.tsv" }.Select(name => Path.Combine(folder, name)).ToList();
        var wanted = targets.Where(target => force || !File.Exists(target)).ToList();
        if (wanted.Count > 0)
        {
            Directory.CreateDirectory(folder);
            using var train = new PartFile(targets[0]);
            using var dev = new PartFile(targets[1]);
            await (task == GlueTask.Qqp ? FetchQqpAsync(folder, train, dev, cancellationToken) : FetchMrpcAsync(folder, train, dev, cancellationToken));
            foreach (var part in new[] { train, dev }.Where(part => wanted.Contains(part.Target)))
            {
                part.MoveIntoPlace(overwrite: force);
            }
        }

        return targets.Select(target => new GlueFile(task, target, wanted.Contains(target))).ToList();
    }

    private async Task FetchQqpAsync(string folder, PartFile train, PartFile dev, CancellationToken cancellationToken)
    {
        using var zip = new PartFile(Path.Combine(folder, "QQP-clean.zip"));
        await HttpDownload.ToFileAsync(http, sources.QqpZip, zip, cancellationToken);
        QqpZip.Extract(zip.Path, sources.QqpZip, [("QQP/train.tsv", train), ("QQP/dev.tsv", dev)]);
    }

    private async Task FetchMrpcAsync(string folder, PartFile train, PartFile dev, CancellationToken cancellationToken)
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
    }
}
