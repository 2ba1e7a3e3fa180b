namespace LabPortal.Shared.Experiments;

public static class DatasetFormats
{
    /// <summary>"auto" goes by the extension: .csv, .jsonl/.json/.ndjson, else tab-separated.</summary>
    public static DatasetFormat Resolve(DatasetFormat format, string path) => format != DatasetFormat.Auto
        ? format
        : Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".csv" => DatasetFormat.Csv,
            ".jsonl" or ".json" or ".ndjson" => DatasetFormat.JsonLines,
            _ => DatasetFormat.Tsv,
        };

    /// <summary>JSON lines carry their field names in each row; the other formats start with a header row.</summary>
    public static bool HasHeaderRow(DatasetFormat resolved) => resolved != DatasetFormat.JsonLines;
}
