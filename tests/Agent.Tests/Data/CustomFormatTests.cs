using LabPortal.Agent.Data;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Tests.Data;

public sealed class CustomFormatTests : IDisposable
{
    private static readonly DatasetSpec Custom = new()
    {
        Task = TaskKind.Custom, TextAColumn = "left", TextBColumn = "right", LabelColumn = "same",
    };

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
        Assert.Equal(3, PairFileReader.CountRows(file));
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

    [Theory]
    [InlineData("x.csv", DatasetFormat.Csv)]
    [InlineData("x.jsonl", DatasetFormat.JsonLines)]
    [InlineData("x.tsv", DatasetFormat.Tsv)]
    [InlineData("x.txt", DatasetFormat.Tsv)]
    public void Auto_format_goes_by_the_extension(string file, DatasetFormat expected) =>
        Assert.Equal(expected, DatasetFormats.Resolve(DatasetFormat.Auto, file));
}
