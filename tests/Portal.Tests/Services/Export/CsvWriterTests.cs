using LabPortal.Portal.Services.Export;
using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Services.Export;

public sealed class CsvWriterTests
{
    [Fact]
    public void Plain_fields_are_written_as_they_are_with_a_header_and_crlf_line_ends()
    {
        var csv = CsvWriter.Write(["run_id", "variant"], [["1", "LoRA"], ["2", "full"]]);

        Assert.Equal("run_id,variant\r\n1,LoRA\r\n2,full\r\n", csv);
    }

    [Fact]
    public void Fields_with_commas_quotes_or_line_breaks_are_quoted_and_read_back_unchanged()
    {
        string[] tricky = ["a, b", "say \"hi\"", "line one\nline two", "cr\r\nlf", "", " spaced "];

        var csv = CsvWriter.Write(["x", "y", "z", "w", "v", "u"], [tricky]);

        Assert.Contains("\"a, b\",\"say \"\"hi\"\"\",\"line one\nline two\",\"cr\r\nlf\",, spaced \r\n", csv);
        Assert.Equal(tricky, CsvReader.Rows(csv)[1]);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_fields_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => CsvWriter.Write(["a", "b"], [["1"]]));

        Assert.Contains("1 fields but the header has 2", error.Message);
    }
}
