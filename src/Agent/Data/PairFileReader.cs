using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Data;

/// <summary>
/// Streams labelled pairs from a dataset file in its format (TSV, CSV or JSON lines; UTF-8 with or without a BOM).
/// A bad row stops the read with a <see cref="DataFormatException"/> naming file, line and column.
/// </summary>
public static class PairFileReader
{
    /// <summary>
    /// Reads a file of the spec's task (QQP and MRPC are GLUE TSV files; custom says its format); an unlabelled one
    /// (texts to score) has no label column, and its pairs' labels are NaN.
    /// </summary>
    public static IEnumerable<SentencePair> Read(string path, DatasetSpec dataset, bool labelled = true) =>
        Read(path, labelled ? PairFileLayout.For(dataset) : PairFileLayout.For(dataset).Unlabelled(), dataset.Task == TaskKind.Custom ? dataset.Format : DatasetFormat.Tsv);

    public static IEnumerable<SentencePair> Read(string path, PairFileLayout layout, DatasetFormat format = DatasetFormat.Tsv) =>
        DatasetFormats.Resolve(format, path) switch
        {
            DatasetFormat.Csv => CsvPairReader.Read(path, layout),
            DatasetFormat.JsonLines => JsonLinesPairReader.Read(path, layout),
            _ => TsvPairReader.Read(path, layout),
        };

    /// <summary>Data rows (non-blank lines after the header, where the dataset's layout has one), without parsing them.</summary>
    public static int CountRows(string path, DatasetSpec dataset)
    {
        var lines = StrictUtf8.ReadLines(path).Count(l => l.Text.Length > 0);
        return DatasetFormats.HasHeaderRow(dataset, path) ? Math.Max(0, lines - 1) : lines;
    }
}
