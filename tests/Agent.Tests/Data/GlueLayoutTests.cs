using LabPortal.Agent.Data;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Tests.Data;

/// <summary>Every GLUE task's official layout, read from the shared real subsets and from broken files.</summary>
public sealed class GlueLayoutTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(TaskKind.Cola, 7695, 513)]
    [InlineData(TaskKind.Sst2, 6227, 415)]
    [InlineData(TaskKind.Mrpc, 3300, 367)]
    [InlineData(TaskKind.Stsb, 5173, 345)]
    [InlineData(TaskKind.Qqp, 8999, 500)]
    [InlineData(TaskKind.Mnli, 8999, 600)]
    [InlineData(TaskKind.Qnli, 8999, 600)]
    [InlineData(TaskKind.Rte, 2240, 149)]
    public void Each_real_glue_file_reads_completely_with_one_text_or_two_and_every_label_of_its_task(TaskKind task, int trainRows, int devRows)
    {
        var facts = TaskFacts.For(task);
        var train = Read(task, "train.tsv");
        var dev = Read(task, "dev.tsv");

        Assert.Equal((trainRows, devRows), (train.Count, dev.Count));
        // What the validator counts without parsing (for the batch-size check) agrees with what the reader reads.
        var dataset = new DatasetSpec { Task = task };
        Assert.Equal((trainRows, devRows), (PairFileReader.CountRows(PathOf(task, "train.tsv"), dataset), PairFileReader.CountRows(PathOf(task, "dev.tsv"), dataset)));
        Assert.All(train, e => Assert.Equal(facts.SingleText, e.Second is null));
        Assert.All(train, e => Assert.False(string.IsNullOrWhiteSpace(e.First)));
        if (facts.IsRegression)
        {
            Assert.All(train, e => Assert.InRange(e.Label, 0, 5));
            Assert.Contains(train, e => e.Label != Math.Floor(e.Label)); // scores, not classes
        }
        else
        {
            // Every class occurs, and nothing else does.
            Assert.Equal(Enumerable.Range(0, facts.Outputs).Select(c => (double)c), train.Select(e => e.Label).Distinct().Order());
        }
    }

    [Fact]
    public void Cola_has_no_header_so_its_first_line_is_an_example()
    {
        var file = _temp.Write("cola.tsv", "gj04\t1\t\tJohn took Bill to be a fool.\ngj04\t0\t*\tKim likes Lee, and to Ronnie.\n");

        var examples = PairFileReader.Read(file, Layout(TaskKind.Cola)).ToList();

        Assert.Equal([new SentencePair("John took Bill to be a fool.", null, 1), new SentencePair("Kim likes Lee, and to Ronnie.", null, 0)], examples);
    }

    [Fact]
    public void A_one_line_cola_file_counts_one_example_so_the_validator_does_not_call_it_empty()
    {
        var file = _temp.Write("cola.tsv", "gj04\t1\t\tJohn took Bill to be a fool.\n");

        Assert.Equal(1, new DataRoot(Path.GetDirectoryName(file)!).CountExamples("cola.tsv", new DatasetSpec { Task = TaskKind.Cola }));
    }

    [Fact]
    public void A_cola_line_with_a_missing_column_names_line_one_and_the_implied_columns()
    {
        var file = _temp.Write("cola.tsv", "gj04\t1\tJohn took Bill to be a fool.\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, Layout(TaskKind.Cola)).ToList());

        Assert.Equal(1, error.Line);
        Assert.Contains("expected 4 tab-separated columns (source, label, original_label, sentence) but found 3", error.Message);
    }

    [Fact]
    public void An_mnli_label_outside_its_three_names_is_refused_with_the_names_it_accepts()
    {
        var header = "index\tpromptID\tpairID\tgenre\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse\tsentence1\tsentence2\tlabel1\tgold_label\n";
        var file = _temp.Write("mnli.tsv", header + "0\t0\t0e\tnone\t\t\t\t\tA man sleeps.\tA man rests.\tneutral\tneutral\n"
                                                  + "1\t1\t1e\tnone\t\t\t\t\tA man sleeps.\tA man runs.\tcontradiction\tcontradicts\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, Layout(TaskKind.Mnli)).ToList());

        Assert.Equal(3, error.Line);
        Assert.Equal("12 ('gold_label')", error.Column);
        Assert.Contains("expected the label entailment, neutral, contradiction but found 'contradicts'", error.Message);
    }

    [Theory]
    [InlineData("5.5")]
    [InlineData("-0.1")]
    [InlineData("high")]
    public void An_sts_b_score_that_is_not_a_number_from_0_to_5_names_its_line_and_column(string score)
    {
        var header = "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\n";
        var file = _temp.Write("stsb.tsv", header + $"0\tmain-news\tnone\tnone\t0\tnone\tnone\tA cat sits.\tA cat is sitting.\t{score}\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, Layout(TaskKind.Stsb)).ToList());

        Assert.Equal((2, "10 ('score')"), (error.Line, error.Column));
        Assert.Contains($"expected a similarity score from 0 to 5 but found '{score}'", error.Message);
    }

    [Fact]
    public void An_sst_2_file_without_its_label_column_says_which_column_is_missing()
    {
        var file = _temp.Write("sst2.tsv", "sentence\tpolarity\nit 's a charming journey .\t1\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, Layout(TaskKind.Sst2)).ToList());

        Assert.Contains("the header has no column 'label' (found: sentence, polarity)", error.Message);
    }

    [Fact]
    public void Qnli_and_rte_read_entailment_as_class_0_as_hugging_face_numbers_them()
    {
        var file = _temp.Write("rte.tsv", "index\tsentence1\tsentence2\tlabel\n0\tA\tB\tentailment\n1\tC\tD\tnot_entailment\n");

        Assert.Equal([0.0, 1.0], PairFileReader.Read(file, Layout(TaskKind.Rte)).Select(e => e.Label));
        Assert.Equal([0.0, 1.0], PairFileReader.Read(_temp.Write("qnli.tsv", "index\tquestion\tsentence\tlabel\n0\tA?\tB\tentailment\n1\tC?\tD\tnot_entailment\n"), Layout(TaskKind.Qnli)).Select(e => e.Label));
    }

    private static PairFileLayout Layout(TaskKind task) => PairFileLayout.For(new DatasetSpec { Task = task });

    private static List<SentencePair> Read(TaskKind task, string file) => PairFileReader.Read(PathOf(task, file), Layout(task)).ToList();

    private static string PathOf(TaskKind task, string file) => Path.Combine(TestPaths.SharedData, LabJson.NameOf(task), file);
}
