using System.Text;
using LabPortal.Agent.Data;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;

namespace LabPortal.Agent.Tests.Hostile;

/// <summary>
/// Hostile input catalogue, category 2 (docs/hostile-inputs.md): malformed dataset files through the agent's real
/// readers. Each is a <see cref="DataFormatException"/> naming the file, the line and the column (or "-" when the
/// whole line is wrong); harmless variations (CRLF, a BOM) are read.
/// </summary>
public sealed class HostileDatasetFileTests : IDisposable
{
    private static readonly DatasetSpec Custom = new() { Task = TaskKind.Custom, TextAColumn = "left", TextBColumn = "right", LabelColumn = "same" };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();

    /// <summary>Case: file name (its extension picks the reader), content, and the line, column and message piece the error must carry.</summary>
    public static TheoryData<string, byte[], int, string, string> BadFiles => new()
    {
        { "short-row.tsv", Utf8("left\tright\tsame\nA?\tB?\t1\nC?\tD?\n"), 3, "3", "expected 3 tab-separated columns (left, right, same) but found 2" },
        { "long-row.tsv", Utf8("left\tright\tsame\nA?\tB?\t1\textra\n"), 2, "4", "found 4" },
        { "no-label-column.tsv", Utf8("left\tright\nA?\tB?\n"), 1, "'same'", "the header has no column 'same' (found: left, right)" },
        { "label-two.tsv", Utf8("left\tright\tsame\nA?\tB?\t2\n"), 2, "3 ('same')", "expected the label 0 or 1 but found '2'" },
        { "label-yes.tsv", Utf8("left\tright\tsame\nA?\tB?\tyes\n"), 2, "3 ('same')", "found 'yes'" },
        { "label-empty.tsv", Utf8("left\tright\tsame\nA?\tB?\t\n"), 2, "3 ('same')", "found ''" },
        { "empty.tsv", [], 1, "1", "the file is empty; expected a header line" },
        { "empty.csv", [], 1, "1", "the file is empty; expected a header line" },
        { "huge-line.tsv", Concat(Utf8("left\tright\tsame\n"), Utf8(new string('x', 10 * 1024 * 1024))), 2, "-", "the line is longer than" },
        { "latin1.tsv", Concat(Utf8("left\tright\tsame\nCaf"), [0xE9], Utf8("?\tB?\t1\n")), 2, "-", "not valid UTF-8" },
        { "utf16.tsv", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("left\tright\tsame\nA?\tB?\t1\n")).ToArray(), 1, "1", "the file is UTF-16" },
        { "utf16-no-bom.tsv", Encoding.Unicode.GetBytes("left\tright\tsame\nA?\tB?\t1\n"), 1, "2", "NUL byte" },
        { "nul.tsv", Utf8("left\tright\tsame\nA?\tB\0?\t1\n"), 2, "5", "NUL byte" },
        { "unbalanced.csv", Utf8("left,right,same\n\"A?,B?,1\n"), 2, "-", "not valid CSV (check its quotes)" },
        { "short-row.csv", Utf8("left,right,same\nA?,B?\n"), 2, "3", "expected 3 comma-separated columns" },
        { "label-two.csv", Utf8("left,right,same\nA?,B?,2\n"), 2, "3 ('same')", "found '2'" },
        { "array.jsonl", Utf8("{\"left\": \"A?\", \"right\": \"B?\", \"same\": 1}\n[1, 2]\n"), 2, "1", "expected a JSON object but found array" },
        { "missing-key.jsonl", Utf8("{\"left\": \"A?\", \"same\": 1}\n"), 1, "'right'", "the object has no field 'right'" },
        { "number-text.jsonl", Utf8("{\"left\": 5, \"right\": \"B?\", \"same\": 1}\n"), 1, "'left'", "expected a string but found 5" },
        { "list-label.jsonl", Utf8("{\"left\": \"A?\", \"right\": \"B?\", \"same\": [1]}\n"), 1, "'same'", "expected the label 0, 1, true or false but found [1]" },
        { "label-two.jsonl", Utf8("{\"left\": \"A?\", \"right\": \"B?\", \"same\": 2}\n"), 1, "'same'", "found 2" },
        { "cut-off.jsonl", Utf8("{\"left\": \"A?\", \"right\": \"B?\", \"same\": 1}\n{\"left\": \"C?\",\n"), 2, "14", "the line is not valid JSON" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_malformed_file_is_refused_naming_the_file_line_and_column(string name, byte[] content, int line, string column, string fragment)
    {
        var path = WriteBytes(name, content);

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(path, Custom).ToList());

        Assert.Equal((path, line, column), (error.File, error.Line, error.Column));
        Assert.StartsWith($"{path}, line {line}, column {column}: ", error.Message);
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void A_ten_megabyte_line_is_refused_without_reading_it_whole()
    {
        var path = WriteBytes("huge.tsv", Concat(Utf8("left\tright\tsame\n"), Utf8(new string('x', 10 * 1024 * 1024))));
        var before = GC.GetTotalAllocatedBytes(precise: true);

        Assert.Throws<DataFormatException>(() => PairFileReader.Read(path, Custom).ToList());

        // The line buffer stops at the 1 MiB limit; reading 10 MB into a list of bytes would allocate far more.
        Assert.True(GC.GetTotalAllocatedBytes(precise: true) - before < 40L * 1024 * 1024, "the reader buffered far more than the line limit");
    }

    [Fact]
    public void A_file_with_only_a_header_reads_no_pairs_and_the_validator_says_it_has_no_examples()
    {
        WriteBytes("header-only.tsv", Utf8("id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n"));
        var root = new DataRoot(_temp.Path);
        var spec = new ExperimentSpec { Dataset = new DatasetSpec { TrainFile = "header-only.tsv", ValidationFile = "header-only.tsv" } };

        Assert.Empty(PairFileReader.Read(root.Resolve("header-only.tsv")!, spec.Dataset));
        var errors = SpecValidator.Validate(spec, root);

        Assert.Contains(errors, e => e.Field == "dataset.trainFile" && e.Message.Contains("'header-only.tsv' has no examples", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("mixed.tsv", "left\tright\tsame\r\nA?\tB?\t1\nC?\tD?\t0\r\n")]
    [InlineData("mixed.csv", "left,right,same\r\nA?,B?,1\nC?,D?,0\r\n")]
    [InlineData("mixed.jsonl", "{\"left\": \"A?\", \"right\": \"B?\", \"same\": 1}\r\n{\"left\": \"C?\", \"right\": \"D?\", \"same\": 0}\n")]
    public void Crlf_and_lf_line_ends_mixed_in_one_file_are_read_alike(string name, string content)
    {
        var path = WriteBytes(name, Utf8(content));

        var pairs = PairFileReader.Read(path, Custom).ToList();

        Assert.Equal([new SentencePair("A?", "B?", 1), new SentencePair("C?", "D?", 0)], pairs);
    }

    [Theory]
    [InlineData("bom.tsv", "left\tright\tsame\nA?\tB?\t1\n")]
    [InlineData("bom.csv", "left,right,same\nA?,B?,1\n")]
    [InlineData("bom.jsonl", "{\"left\": \"A?\", \"right\": \"B?\", \"same\": 1}\n")]
    public void A_utf8_byte_order_mark_is_accepted_and_not_part_of_the_first_column(string name, string content)
    {
        var path = WriteBytes(name, Concat([0xEF, 0xBB, 0xBF], Utf8(content)));

        Assert.Equal([new SentencePair("A?", "B?", 1)], PairFileReader.Read(path, Custom));
    }

    private string WriteBytes(string name, byte[] content)
    {
        var path = Path.Combine(_temp.Path, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
