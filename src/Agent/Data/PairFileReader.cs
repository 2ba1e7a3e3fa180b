using System.Text;

namespace LabPortal.Agent.Data;

/// <summary>
/// Streams labelled pairs from a GLUE-style tab-separated file (UTF-8, with or without a BOM). Columns are
/// found by their header names; no quoting is interpreted, as in GLUE. A bad row stops the read with a
/// <see cref="DataFormatException"/> naming file, line and column.
/// </summary>
public static class PairFileReader
{
    public static IEnumerable<SentencePair> Read(string path, PairFileLayout layout)
    {
        // new UTF8Encoding(false) with BOM detection: a BOM is skipped when present, never required.
        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var header = reader.ReadLine() ?? throw new DataFormatException(path, 1, "1", "the file is empty; expected a header line.");
        var columns = header.Split('\t');
        var first = ColumnIndex(path, columns, layout.FirstColumn);
        var second = ColumnIndex(path, columns, layout.SecondColumn);
        var label = ColumnIndex(path, columns, layout.LabelColumn);

        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue; // a trailing blank line is not a row
            }

            var fields = line.Split('\t');
            if (fields.Length != columns.Length)
            {
                var missingOrExtra = Math.Min(fields.Length, columns.Length) + 1;
                throw new DataFormatException(path, lineNumber, missingOrExtra.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"expected {columns.Length} tab-separated columns ({string.Join(", ", columns)}) but found {fields.Length}.");
            }

            yield return new SentencePair(fields[first], fields[second], ParseLabel(path, lineNumber, label, layout.LabelColumn, fields[label]));
        }
    }

    /// <summary>Data rows (non-blank lines after the header), without parsing them.</summary>
    public static int CountRows(string path)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        if (reader.ReadLine() is null)
        {
            return 0;
        }

        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                count++;
            }
        }

        return count;
    }

    private static int ColumnIndex(string path, string[] header, string name)
    {
        var index = Array.IndexOf(header, name);
        return index >= 0
            ? index
            : throw new DataFormatException(path, 1, $"'{name}'",
                $"the header has no column '{name}'; expected it among the tab-separated names (found: {string.Join(", ", header)}).");
    }

    private static int ParseLabel(string path, int line, int index, string name, string value) => value.Trim() switch
    {
        "0" => 0,
        "1" => 1,
        _ => throw new DataFormatException(path, line, $"{index + 1} ('{name}')", $"expected the label 0 or 1 but found '{value}'."),
    };
}
