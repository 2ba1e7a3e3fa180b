using Microsoft.VisualBasic.FileIO;

namespace LabPortal.Agent.Data;

/// <summary>Comma-separated pairs with a header row and RFC 4180 quoting (quoted fields may hold commas and line breaks).</summary>
public static class CsvPairReader
{
    public static IEnumerable<SentencePair> Read(string path, PairFileLayout layout)
    {
        using var reader = StrictUtf8.OpenText(path);
        using var parser = new TextFieldParser(reader) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
        parser.SetDelimiters(",");
        var columns = Next(parser, path) ?? throw new DataFormatException(path, 1, "1", "the file is empty; expected a header line.");
        var (first, second, label) = layout.IndicesIn(columns, path);
        while (true)
        {
            var line = (int)parser.LineNumber;
            var fields = Next(parser, path);
            if (fields is null)
            {
                yield break;
            }

            if (fields.Length != columns.Length)
            {
                throw new DataFormatException(path, line, $"{Math.Min(fields.Length, columns.Length) + 1}",
                    $"expected {columns.Length} comma-separated columns ({string.Join(", ", columns)}) but found {fields.Length}.");
            }

            yield return new SentencePair(
                fields[first], second < 0 ? null : fields[second], label < 0 ? double.NaN : layout.ParseLabel(fields[label], path, line, $"{label + 1} ('{layout.LabelColumn}')"));
        }
    }

    private static string[]? Next(TextFieldParser parser, string path)
    {
        try
        {
            return parser.EndOfData ? null : parser.ReadFields();
        }
        catch (MalformedLineException e)
        {
            throw new DataFormatException(path, (int)e.LineNumber, "-", "the line is not valid CSV (check its quotes).");
        }
    }
}
