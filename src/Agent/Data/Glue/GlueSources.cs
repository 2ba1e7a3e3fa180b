namespace LabPortal.Agent.Data.Glue;

/// <summary>Where each GLUE file is fetched from; tests give addresses of a local server instead.</summary>
public sealed record GlueSources(Uri QqpZip, Uri MrpcTrain, Uri MrpcDevIds)
{
    /// <summary>
    /// The addresses the GLUE benchmark's own download script (download_glue_data.py) uses: QQP as the cleaned zip,
    /// MRPC as SentEval's copy of Microsoft's training file plus GLUE's list of the pairs that form its dev set.
    /// </summary>
    public static GlueSources Official { get; } = new(
        new Uri("https://dl.fbaipublicfiles.com/glue/data/QQP-clean.zip"),
        new Uri("https://dl.fbaipublicfiles.com/senteval/senteval_data/msr_paraphrase_train.txt"),
        new Uri("https://firebasestorage.googleapis.com/v0/b/mtl-sentence-representations.appspot.com/o/data%2Fmrpc_dev_ids.tsv?alt=media&token=ec5c0836-31d5-48f4-b431-7480817f1adc"));
}
