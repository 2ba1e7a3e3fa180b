namespace LabPortal.Agent.Data.Glue;

/// <summary>Where each GLUE file is fetched from; tests give addresses of a local server instead.</summary>
/// <param name="Zips">The folder that holds every task's zip, each under its <see cref="GlueZip.FileName"/>.</param>
public sealed record GlueSources(Uri Zips, Uri MrpcTrain, Uri MrpcDevIds)
{
    /// <summary>
    /// The addresses the GLUE benchmark's own download script (download_glue_data.py) uses: one zip per task in GLUE's
    /// data folder (QQP as the cleaned zip, QNLI as its second version), and MRPC as SentEval's copy of Microsoft's
    /// training file plus GLUE's list of the pairs that form its dev set.
    /// </summary>
    public static GlueSources Official { get; } = new(
        new Uri("https://dl.fbaipublicfiles.com/glue/data/"),
        new Uri("https://dl.fbaipublicfiles.com/senteval/senteval_data/msr_paraphrase_train.txt"),
        new Uri("https://firebasestorage.googleapis.com/v0/b/mtl-sentence-representations.appspot.com/o/data%2Fmrpc_dev_ids.tsv?alt=media&token=ec5c0836-31d5-48f4-b431-7480817f1adc"));

    /// <summary>The address of a task's zip.</summary>
    public Uri ZipOf(GlueZip zip) => new(Zips, zip.FileName);
}
