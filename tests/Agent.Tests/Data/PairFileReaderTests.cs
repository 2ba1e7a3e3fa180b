using LabPortal.Agent.Data;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Tests.Data;

public sealed class PairFileReaderTests : IDisposable
{
    private const string QqpHeader = "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_real_qqp_training_file_reads_completely_with_both_labels()
    {
        var pairs = PairFileReader.Read(TestPaths.QqpTrain, PairFileLayout.Qqp).ToList();

        Assert.Equal(8999, pairs.Count);
        Assert.Equal("How do I get inside University College London being an Indian?", pairs[0].First);
        Assert.InRange(pairs.Average(p => p.Label), 0.3, 0.45);
    }

    [Fact]
    public void The_real_mrpc_training_file_reads_with_the_label_from_quality()
    {
        var pairs = PairFileReader.Read(TestPaths.MrpcTrain, PairFileLayout.Mrpc).ToList();

        Assert.Equal(3300, pairs.Count);
        Assert.Equal(1, pairs[0].Label);
        Assert.StartsWith("In turn SuSE", pairs[0].First);
        Assert.Equal(3300, PairFileReader.CountRows(TestPaths.MrpcTrain, new DatasetSpec { Task = TaskKind.Mrpc }));
    }

    [Fact]
    public void A_byte_order_mark_is_accepted()
    {
        var file = _temp.Write("bom.tsv", QqpHeader + "0\t1\t2\tA?\tB?\t1\n", byteOrderMark: true);

        var pair = Assert.Single(PairFileReader.Read(file, PairFileLayout.Qqp));

        Assert.Equal(new SentencePair("A?", "B?", 1), pair);
    }

    [Fact]
    public void A_row_with_a_missing_column_names_the_file_line_and_column()
    {
        var file = _temp.Write("short.tsv", QqpHeader + "0\t1\t2\tA?\tB?\t1\n1\t3\t4\tC?\tD?\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, PairFileLayout.Qqp).ToList());

        Assert.Equal((file, 3, "6"), (error.File, error.Line, error.Column));
        Assert.Contains(file, error.Message);
        Assert.Contains("line 3", error.Message);
        Assert.Contains("expected 6 tab-separated columns", error.Message);
    }

    [Fact]
    public void A_label_other_than_0_or_1_names_the_file_line_and_label_column()
    {
        var file = _temp.Write("label.tsv", QqpHeader + "0\t1\t2\tA?\tB?\tyes\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, PairFileLayout.Qqp).ToList());

        Assert.Equal(2, error.Line);
        Assert.Contains("is_duplicate", error.Column);
        Assert.Contains("expected the label 0 or 1 but found 'yes'", error.Message);
    }

    [Fact]
    public void A_header_without_the_label_column_says_which_column_is_expected()
    {
        var file = _temp.Write("header.tsv", "id\tqid1\tqid2\tquestion1\tquestion2\n0\t1\t2\tA?\tB?\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, PairFileLayout.Qqp).ToList());

        Assert.Equal(1, error.Line);
        Assert.Contains("no column 'is_duplicate'", error.Message);
        Assert.Contains(file, error.Message);
    }

    [Fact]
    public void Spec_paths_resolve_against_the_data_root_as_the_portal_resolves_them()
    {
        var root = new DataRoot(TestPaths.RepositoryRoot);

        Assert.True(root.Exists("../shared/data/qqp/dev.tsv"));
        Assert.Equal(500, root.CountExamples("../shared/data/qqp/dev.tsv", new DatasetSpec { Task = TaskKind.Qqp }));
        Assert.Equal(TestPaths.QqpDev, root.Resolve("../shared/data/qqp/dev.tsv"));
        Assert.False(root.Exists("no/such/file.tsv"));
    }
}
