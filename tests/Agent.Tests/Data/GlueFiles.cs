using System.IO.Compression;
using System.Text;
using LabPortal.Agent.Data.Glue;

namespace LabPortal.Agent.Tests.Data;

/// <summary>Tiny stand-ins for the official GLUE downloads, in their real layouts, and where a test server offers them.</summary>
internal static class GlueFiles
{
    public const string QqpZipPath = "/glue/data/QQP-clean.zip";
    public const string MrpcTrainPath = "/senteval/msr_paraphrase_train.txt";
    public const string MrpcDevIdsPath = "/o/data%2Fmrpc_dev_ids.tsv?alt=media";

    public const string QqpTrain =
        "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n" +
        "0\t1\t2\tHow do I learn to bake bread?\tWhat is the best way to learn bread baking?\t1\n" +
        "1\t3\t4\tIs green tea good for sleep?\tWhy do cats purr?\t0\n";

    public const string QqpDev =
        "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n" +
        "7\t11\t12\tWhat causes rainbows?\tHow are rainbows formed?\t1\n";

    /// <summary>Microsoft's layout: a byte-order mark, CRLF line ends, the label first.</summary>
    public const string MrpcSource =
        "\uFEFFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n" +
        "1\t101\t102\tThe council approved the budget on Monday .\tOn Monday the council passed the budget .\r\n" +
        "0\t201\t202\tShares rose 3 percent in early trading .\tThe company hired a new chief executive .\r\n" +
        "1\t301\t302\tThe storm closed two highways .\tTwo highways were shut by the storm .\r\n" +
        "0\t401\t402\tThe museum opens at nine .\tTickets sold out within an hour .\r\n";

    public const string MrpcDevIds = "201\t202\n301\t302\n";

    public const string MrpcHeader = "Quality\t#1 ID\t#2 ID\t#1 String\t#2 String\n";

    public const string ExpectedMrpcTrain = MrpcHeader +
        "1\t101\t102\tThe council approved the budget on Monday .\tOn Monday the council passed the budget .\n" +
        "0\t401\t402\tThe museum opens at nine .\tTickets sold out within an hour .\n";

    public const string ExpectedMrpcDev = MrpcHeader +
        "0\t201\t202\tShares rose 3 percent in early trading .\tThe company hired a new chief executive .\n" +
        "1\t301\t302\tThe storm closed two highways .\tTwo highways were shut by the storm .\n";

    /// <summary>Every file at its path; <paramref name="zipEntries"/> replaces QQP-clean.zip's entries.</summary>
    public static Dictionary<string, byte[]> All(IReadOnlyDictionary<string, string>? zipEntries = null) => new()
    {
        [QqpZipPath] = Zip(zipEntries ?? new Dictionary<string, string>
        {
            ["QQP/train.tsv"] = QqpTrain,
            ["QQP/dev.tsv"] = QqpDev,
            ["QQP/test.tsv"] = "id\tquestion1\tquestion2\n0\tIs this unlabelled?\tYes it is?\n",
        }),
        [MrpcTrainPath] = Encoding.UTF8.GetBytes(MrpcSource),
        [MrpcDevIdsPath] = Encoding.UTF8.GetBytes(MrpcDevIds),
    };

    public static GlueSources SourcesOn(LocalFileServer server) =>
        new(server.Address(QqpZipPath), server.Address(MrpcTrainPath), server.Address(MrpcDevIdsPath));

    private static byte[] Zip(IReadOnlyDictionary<string, string> entries)
    {
        using var memory = new MemoryStream();
        using (var archive = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, text) in entries)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(text);
            }
        }

        return memory.ToArray();
    }
}
