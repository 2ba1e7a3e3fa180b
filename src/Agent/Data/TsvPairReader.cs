using System.Globalization;

namespace LabPortal.Agent.Data;

/// <summary>Tab-separated examples with a header row (or the layout's implied one) and no quoting, as the GLUE files are.</summary>
public static class TsvPairReader
{
    public static IEnumerable<SentencePair> Read(string path, PairFileLayout layout)
    {
        using var lines = StrictUtf8.ReadLines(path).GetEnumerator();
        var columns = layout.ImpliedHeader?.ToArray();
        if (columns is null)
        {
            columns = lines.MoveNext()
                ? lines.Current.Text.Split('\t')
                : throw new DataFormatException(path, 1, "1", "the file is empty; expected a header line.");
        }

        var (first, second, label) = layout.IndicesIn(columns, path);
        while (lines.MoveNext())
        {
            var (number, line) = lines.Current;
            if (line.Length == 0)
            {
                continue; // a trailing blank line is not a row
            }

            var fields = line.Split('\t');
            if (fields.Length != columns.Length)
            {
                var missingOrExtra = Math.Min(fields.Length, columns.Length) + 1;
                throw new DataFormatException(path, number, missingOrExtra.ToString(CultureInfo.InvariantCulture),
                    $"expected {columns.Length} tab-separated columns ({string.Join(", ", columns)}) but found {fields.Length}.");
            }

            yield return new SentencePair(
                fields[first], second < 0 ? null : fields[second], label < 0 ? double.NaN : layout.ParseLabel(fields[label], path, number, $"{label + 1} ('{layout.LabelColumn}')"));
        }
    }
}
