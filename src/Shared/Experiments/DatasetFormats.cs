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

    /// <summary>
    /// Whether this dataset's file starts with a header row: GLUE files are tab-separated with one, except CoLA's (the
    /// reader names its columns); a custom file goes by its format.
    /// </summary>
    public static bool HasHeaderRow(DatasetSpec dataset, string path) => dataset.Task switch
    {
        TaskKind.Cola => false,
        TaskKind.Custom => HasHeaderRow(Resolve(dataset.Format, path)),
        _ => true,
    };
}
