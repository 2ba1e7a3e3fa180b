using System.IO.Compression;
using System.Text;
using LabPortal.Agent.Data.Glue;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Tests.Data;

/// <summary>Tiny stand-ins for the official GLUE downloads, in their real layouts, and where a test server offers them.</summary>
internal static class GlueFiles
{
    /// <summary>GLUE's data folder on the test server; every task's zip is in it under its official name.</summary>
    public const string ZipsPath = "/glue/data/";

    public const string QqpZipPath = ZipsPath + "QQP-clean.zip";
    public const string MrpcTrainPath = "/senteval/msr_paraphrase_train.txt";
    public const string MrpcDevIdsPath = "/o/data%2Fmrpc_dev_ids.tsv?alt=media";

    public const string QqpTrain =
        "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n" +
        "0\t1\t2\tHow do I learn to bake bread?\tWhat is the best way to learn bread baking?\t1\n" +
        "1\t3\t4\tIs green tea good for sleep?\tWhy do cats purr?\t0\n";

    public const string QqpDev =
        "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n" +
        "7\t11\t12\tWhat causes rainbows?\tHow are rainbows formed?\t1\n";

    /// <summary>CoLA has no header row: source, label, the original mark ("*" for unacceptable), sentence.</summary>
    public const string ColaTrain =
        "gj04\t1\t\tThe cat slept on the warm mat.\n" +
        "gj04\t0\t*\tSlept the cat mat on warm the.\n" +
        "bc01\t1\t\tShe gave him the book yesterday.\n";

    public const string ColaDev = "cj99\t0\t*\tThe more he reads, the more.\n" + "cj99\t1\t\tWe expected them to arrive late.\n";

    /// <summary>SST-2's sentences end with a space before the tab, as the real files' do; one has a non-ASCII letter.</summary>
    public const string Sst2Train = "sentence\tlabel\n" + "a warm , funny café comedy \t1\n" + "tedious and far too long \t0\n";

    public const string Sst2Dev = "sentence\tlabel\n" + "an unexpected delight \t1\n";

    private const string StsbHeader = "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\n";

    public const string StsbTrain = StsbHeader +
        "0\tmain-captions\tMSRvid\t2012test\t0001\tnone\tnone\tA plane is taking off.\tAn air plane is taking off.\t5.000\n" +
        "1\tmain-captions\tMSRvid\t2012test\t0004\tnone\tnone\tA man is playing a flute.\tA man is slicing an onion.\t0.250\n";

    public const string StsbDev = StsbHeader + "0\tmain-news\theadlines\t2015\t0002\tnone\tnone\tOil prices fall again.\tOil prices drop once more.\t4.200\n";

    private const string MnliColumns = "index\tpromptID\tpairID\tgenre\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse\tsentence1\tsentence2\tlabel1";

    public const string MnliTrain = MnliColumns + "\tgold_label\n" +
        "0\t31193\t31193n\tgovernment\t( a )\t( b )\t(ROOT a)\t(ROOT b)\tThe plan has two parts.\tThe plan works well.\tneutral\tneutral\n" +
        "1\t101457\t101457e\ttelephone\t( c )\t( d )\t(ROOT c)\t(ROOT d)\tYou know the season is long.\tThe season is long.\tentailment\tentailment\n" +
        "2\t134793\t134793c\tfiction\t( e )\t( f )\t(ROOT e)\t(ROOT f)\tHe stayed at home.\tHe went out.\tcontradiction\tcontradiction\n";

    /// <summary>The dev files carry the five annotators' labels before the gold one.</summary>
    public const string MnliDevMatched = MnliColumns + "\tlabel2\tlabel3\tlabel4\tlabel5\tgold_label\n" +
        "0\t63735\t63735n\tslate\t( g )\t( h )\t(ROOT g)\t(ROOT h)\tThe new rights are nice.\tEveryone loves them.\tneutral\tneutral\tneutral\tneutral\tneutral\tneutral\n";

    public const string MnliDevMismatched = MnliColumns + "\tlabel2\tlabel3\tlabel4\tlabel5\tgold_label\n" +
        "0\t75290\t75290c\tletters\t( i )\t( j )\t(ROOT i)\t(ROOT j)\tYour gift is welcome.\tWe refuse your gift.\tcontradiction\tcontradiction\tcontradiction\tneutral\tcontradiction\tcontradiction\n" +
        "1\t133794\t133794e\tverbatim\t( k )\t( l )\t(ROOT k)\t(ROOT l)\tThe word is old.\tThe word is not new.\tentailment\tentailment\tentailment\tentailment\tentailment\tentailment\n";

    public const string QnliTrain = "index\tquestion\tsentence\tlabel\n" +
        "0\tWhen did the bridge open?\tThe bridge opened in 1932.\tentailment\n" +
        "1\tWho painted the ceiling?\tThe hall seats two thousand people.\tnot_entailment\n";

    public const string QnliDev = "index\tquestion\tsentence\tlabel\n" + "0\tWhat is the river called?\tThe river is called the Ouse.\tentailment\n";

    public const string RteTrain = "index\tsentence1\tsentence2\tlabel\n" +
        "0\tThe mayor opened the new library on Friday.\tA library was opened.\tentailment\n" +
        "1\tRain fell all week in the valley.\tThe valley had a drought.\tnot_entailment\n";

    public const string RteDev = "index\tsentence1\tsentence2\tlabel\n" + "0\tThe firm hired forty engineers.\tThe firm hired staff.\tentailment\n";

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

    private const string UnlabelledTest = "index\tsentence1\tsentence2\n0\tIs this labelled?\tNo.\n";

    /// <summary>
    /// Each zipped task's zip as GLUE's data folder names it, with its entries: the task's folder with train.tsv and
    /// dev.tsv (MNLI: dev_matched.tsv and dev_mismatched.tsv) and an unlabelled test file that must not be kept.
    /// </summary>
    public static IReadOnlyDictionary<TaskKind, (string Path, Dictionary<string, string> Entries)> Zips { get; } =
        new Dictionary<TaskKind, (string, Dictionary<string, string>)>
        {
            [TaskKind.Cola] = (ZipsPath + "CoLA.zip", new() { ["CoLA/train.tsv"] = ColaTrain, ["CoLA/dev.tsv"] = ColaDev, ["CoLA/test.tsv"] = UnlabelledTest }),
            [TaskKind.Sst2] = (ZipsPath + "SST-2.zip", new() { ["SST-2/train.tsv"] = Sst2Train, ["SST-2/dev.tsv"] = Sst2Dev, ["SST-2/test.tsv"] = UnlabelledTest }),
            [TaskKind.Stsb] = (ZipsPath + "STS-B.zip", new() { ["STS-B/train.tsv"] = StsbTrain, ["STS-B/dev.tsv"] = StsbDev, ["STS-B/test.tsv"] = UnlabelledTest }),
            [TaskKind.Qqp] = (QqpZipPath, new() { ["QQP/train.tsv"] = QqpTrain, ["QQP/dev.tsv"] = QqpDev, ["QQP/test.tsv"] = UnlabelledTest }),
            [TaskKind.Mnli] = (ZipsPath + "MNLI.zip", new()
            {
                ["MNLI/train.tsv"] = MnliTrain, ["MNLI/dev_matched.tsv"] = MnliDevMatched, ["MNLI/dev_mismatched.tsv"] = MnliDevMismatched,
                ["MNLI/test_matched.tsv"] = UnlabelledTest, ["MNLI/test_mismatched.tsv"] = UnlabelledTest,
            }),
            [TaskKind.Qnli] = (ZipsPath + "QNLIv2.zip", new() { ["QNLI/train.tsv"] = QnliTrain, ["QNLI/dev.tsv"] = QnliDev, ["QNLI/test.tsv"] = UnlabelledTest }),
            [TaskKind.Rte] = (ZipsPath + "RTE.zip", new() { ["RTE/train.tsv"] = RteTrain, ["RTE/dev.tsv"] = RteDev, ["RTE/test.tsv"] = UnlabelledTest }),
        };

    /// <summary>Every file at its path.</summary>
    public static Dictionary<string, byte[]> All()
    {
        var files = Zips.Values.ToDictionary(zip => zip.Path, zip => Zip(zip.Entries));
        files[MrpcTrainPath] = Encoding.UTF8.GetBytes(MrpcSource);
        files[MrpcDevIdsPath] = Encoding.UTF8.GetBytes(MrpcDevIds);
        return files;
    }

    public static GlueSources SourcesOn(LocalFileServer server) =>
        new(server.Address(ZipsPath), server.Address(MrpcTrainPath), server.Address(MrpcDevIdsPath));

    /// <summary>A zip with these entries, each UTF-8 text without a byte-order mark.</summary>
    public static byte[] Zip(IReadOnlyDictionary<string, string> entries)
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
