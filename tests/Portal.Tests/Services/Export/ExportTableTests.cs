using System.Globalization;
using System.Text.Json;
using LabPortal.Portal.Services.Export;
using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Services.Export;

public sealed class ExportTableTests
{
    private static readonly ExportColumn<(string Name, double? Score, DateTime When)>[] Columns =
    [
        new("name", r => r.Name),
        new("score", r => r.Score),
        new("when", r => r.When),
    ];

    [Fact]
    public void Numbers_and_times_are_written_the_same_whatever_the_server_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var table = ExportTable.Of([("a", (double?)0.875, new DateTime(2026, 11, 29, 9, 30, 0, DateTimeKind.Utc))], Columns);

            var record = CsvReader.Records(table.ToCsv())[0];
            Assert.Equal("0.875", record["score"]);
            Assert.Equal("2026-11-29T09:30:00.000Z", record["when"]);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Json_has_one_object_per_row_with_numbers_as_numbers_and_missing_values_as_null()
    {
        var table = ExportTable.Of([("a", (double?)0.5, DateTime.UnixEpoch), ("b", null, DateTime.UnixEpoch)], Columns);

        var rows = JsonDocument.Parse(table.ToJson()).RootElement.EnumerateArray().ToList();

        Assert.Equal(0.5, rows[0].GetProperty("score").GetDouble());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("score").ValueKind);
        Assert.Equal("b", rows[1].GetProperty("name").GetString());
        Assert.Equal("", CsvReader.Records(table.ToCsv())[1]["score"]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil\",\"x\")")]
    [InlineData("+1+2")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1:A2)")]
    [InlineData("\tlooks blank")]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_is_exported_to_csv_as_plain_text(string name)
    {
        var table = ExportTable.Of([(name, (double?)-0.25, DateTime.UnixEpoch)], Columns);

        var record = CsvReader.Records(table.ToCsv())[0];

        Assert.Equal("'" + name, record["name"]);
        Assert.Equal("-0.25", record["score"]);
        Assert.Equal(name, JsonDocument.Parse(table.ToJson()).RootElement[0].GetProperty("name").GetString());
    }
}
