using LabPortal.Agent.Data;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp;

namespace LabPortal.Agent.Tests.Data;

public sealed class CustomFormatTests : IDisposable
{
    private static readonly DatasetSpec Custom = new()
    {
        Task = TaskKind.Custom, TextAColumn = "left", TextBColumn = "right", LabelColumn = "same",
    };

    /// <summary>Encodings compare by their ids (arrays compare by reference in records).</summary>
    private static readonly IEqualityComparer<EncodedPair> EncodedPairs =
        EqualityComparer<EncodedPair>.Create((a, b) => a!.InputIds.SequenceEqual(b!.InputIds) && a.TokenTypeIds.SequenceEqual(b.TokenTypeIds));

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Csv_fields_may_be_quoted_and_hold_commas_quotes_and_line_breaks()
    {
        var file = _temp.Write("pairs.csv", "id,left,right,same\n1,\"Is it cold, or wet?\",\"Is it \"\"wet\"\"?\",1\n2,\"Two\nlines?\",Plain?,0\n");

        var pairs = PairFileReader.Read(file, Custom).ToList();

        Assert.Equal(
            [new SentencePair("Is it cold, or wet?", "Is it \"wet\"?", 1), new SentencePair("Two\nlines?", "Plain?", 0)],
            pairs);
    }

    [Fact]
    public void Json_lines_take_labels_as_numbers_booleans_or_strings()
    {
        var file = _temp.Write("pairs.jsonl",
            """
            {"left": "A?", "right": "B?", "same": 1}
            {"left": "C?", "right": "D?", "same": false}

            {"left": "E?", "right": "F?", "same": "1", "extra": [1, 2]}
            """);

        var pairs = PairFileReader.Read(file, Custom).ToList();

        Assert.Equal([1, 0, 1], pairs.Select(p => p.Label));
        Assert.Equal(3, PairFileReader.CountRows(file, Custom));
    }

    [Fact]
    public void A_json_line_without_a_field_names_the_line_and_the_field()
    {
        var file = _temp.Write("missing.jsonl", "{\"left\": \"A?\", \"right\": \"B?\", \"same\": 1}\n{\"left\": \"C?\", \"same\": 0}\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, Custom).ToList());

        Assert.Equal((2, "'right'"), (error.Line, error.Column));
        Assert.Contains("has no field 'right'", error.Message);
    }

    [Fact]
    public void A_line_that_is_not_json_is_named()
    {
        var file = _temp.Write("broken.jsonl", "{\"left\": \"A?\", \"right\": \"B?\", \"same\": 1}\n{\"left\": \"C?\",\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, Custom).ToList());

        Assert.Equal(2, error.Line);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void A_text_that_is_not_a_string_is_refused()
    {
        var file = _temp.Write("number.jsonl", "{\"left\": 42, \"right\": \"B?\", \"same\": 1}\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, Custom).ToList());

        Assert.Contains("expected a string but found 42", error.Message);
    }

    [Fact]
    public void A_csv_row_with_too_few_columns_names_its_line()
    {
        var file = _temp.Write("short.csv", "id,left,right,same\n1,A?,B?,1\n2,C?,0\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, Custom).ToList());

        Assert.Equal(3, error.Line);
        Assert.Contains("expected 4 comma-separated columns", error.Message);
    }

    [Fact]
    public void Invalid_utf8_is_an_error_naming_the_line_not_a_silent_replacement()
    {
        var file = Path.Combine(_temp.Path, "latin1.tsv");
        File.WriteAllBytes(file, [.. "left\tright\tsame\nA?\tB?\t1\n"u8, .. "Caf"u8, 0xE9, .. "?\tD?\t0\n"u8]);

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, Custom).ToList());

        Assert.Equal(3, error.Line);
        Assert.Contains("not valid UTF-8", error.Message);
    }

    [Fact]
    public void A_missing_header_column_lists_the_columns_found()
    {
        var file = _temp.Write("header.tsv", "left\tsame\nA?\t1\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, Custom).ToList());

        Assert.Contains("no column 'right'", error.Message);
        Assert.Contains("found: left, same", error.Message);
    }

    [Fact]
    public void A_custom_file_without_a_second_text_column_is_read_and_encoded_as_one_text()
    {
        var single = Custom with { TextBColumn = "", LabelColumn = "spam" };
        var file = _temp.Write("single.tsv", "id\tleft\tspam\n1\tWin a free cruise now\t1\n2\tLunch at noon?\t0\n");
        var tokenizer = new HashingTokenizer();
        var encoder = new PairEncoder(tokenizer, maxLength: 32);

        var data = TrainingData.Load(new TrainingJob(new ExperimentSpec { Dataset = single }, file, file, torch.CPU), new ExperimentSpec { Dataset = single }, encoder);

        Assert.Equal([new SentencePair("Win a free cruise now", null, 1), new SentencePair("Lunch at noon?", null, 0)], PairFileReader.Read(file, single));
        Assert.Equal(encoder.Encode("Win a free cruise now", null), data.Train[0].Pair, EncodedPairs);
        Assert.All(data.Train, e => Assert.Equal(1, e.Pair.InputIds.Count(id => id == tokenizer.Special.Separator))); // no second segment
    }

    [Fact]
    public void A_custom_file_with_three_named_classes_reads_each_name_as_its_class_index()
    {
        var threeClasses = Custom with { LabelNames = ["negative", "neutral", "positive"] };
        var file = _temp.Write("three.csv", "left,right,same\nGreat film,Loved it, positive\nIt was fine,Meh,neutral\nAwful,Hated it,negative\n");
        var json = _temp.Write("three.jsonl", "{\"left\": \"A\", \"right\": \"B\", \"same\": \"neutral\"}\n{\"left\": \"C\", \"right\": \"D\", \"same\": \"negative\"}\n");

        Assert.Equal([2.0, 1.0, 0.0], PairFileReader.Read(file, threeClasses).Select(p => p.Label));
        Assert.Equal([1.0, 0.0], PairFileReader.Read(json, threeClasses).Select(p => p.Label));
    }

    [Fact]
    public void A_label_that_is_none_of_the_class_names_names_its_line_column_and_the_names_expected()
    {
        var threeClasses = Custom with { LabelNames = ["negative", "neutral", "positive"] };
        var file = _temp.Write("bad-class.tsv", "left\tright\tsame\nA\tB\tneutral\nC\tD\t1\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, threeClasses).ToList());

        Assert.Equal((3, "3 ('same')"), (error.Line, error.Column));
        Assert.Contains("expected the label negative, neutral, positive but found '1'", error.Message);
    }

    [Fact]
    public void A_custom_regression_file_reads_any_finite_score_from_tsv_and_json_lines()
    {
        var regression = Custom with { LabelColumn = "price", Regression = true };
        var tsv = _temp.Write("scores.tsv", "left\tright\tprice\nA\tB\t-2.5\nC\tD\t1250\nE\tF\t3e-2\n");
        var json = _temp.Write("scores.jsonl", "{\"left\": \"A\", \"right\": \"B\", \"price\": 7.25}\n{\"left\": \"C\", \"right\": \"D\", \"price\": \"-1\"}\n");

        Assert.Equal([-2.5, 1250, 0.03], PairFileReader.Read(tsv, regression).Select(p => p.Label));
        Assert.Equal([7.25, -1.0], PairFileReader.Read(json, regression).Select(p => p.Label));
    }

    [Theory]
    [InlineData("high")]
    [InlineData("NaN")]
    [InlineData("")]
    public void A_custom_regression_label_that_is_not_a_number_names_its_line_and_column(string score)
    {
        var regression = Custom with { LabelColumn = "price", Regression = true };
        var file = _temp.Write("bad-score.tsv", $"left\tright\tprice\nA\tB\t1.5\nC\tD\t{score}\n");

        var error = Assert.Throws<DataFormatException>(() => PairFileReader.Read(file, regression).ToList());

        Assert.Equal((3, "3 ('price')"), (error.Line, error.Column));
        Assert.Contains($"expected a score (a number such as 3.5) but found '{score}'", error.Message);
    }

    [Theory]
    [InlineData("x.csv", DatasetFormat.Csv)]
    [InlineData("x.jsonl", DatasetFormat.JsonLines)]
    [InlineData("x.tsv", DatasetFormat.Tsv)]
    [InlineData("x.txt", DatasetFormat.Tsv)]
    public void Auto_format_goes_by_the_extension(string file, DatasetFormat expected) =>
        Assert.Equal(expected, DatasetFormats.Resolve(DatasetFormat.Auto, file));
}
