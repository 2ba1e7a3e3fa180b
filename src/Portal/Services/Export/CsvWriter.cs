using System.Text;

namespace LabPortal.Portal.Services.Export;

/// <summary>Writes CSV as RFC 4180 has it: a header row, CRLF line ends, and fields quoted when they need it.</summary>
public static class CsvWriter
{
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        var csv = new StringBuilder();
        AppendRow(csv, header);
        foreach (var row in rows)
        {
            if (row.Count != header.Count)
            {
                throw new ArgumentException($"A row has {row.Count} fields but the header has {header.Count}.", nameof(rows));
            }

            AppendRow(csv, row);
        }

        return csv.ToString();
    }

    /// <summary>The field as it goes in a row: quoted, with its quotes doubled, when it holds a comma, quote or line break.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;

    /// <summary>
    /// User text made inert for spreadsheets: a cell starting with = + - @ (or a tab or carriage return) would run as
    /// a formula in Excel, LibreOffice and Sheets, so it gets a leading apostrophe, which they show as plain text.
    /// </summary>
    public static string Inert(string text) =>
        text.Length > 0 && "=+-@\t\r".Contains(text[0], StringComparison.Ordinal) ? "'" + text : text;

    private static void AppendRow(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            csv.Append(Field(fields[i]));
        }

        csv.Append("\r\n");
    }
}
