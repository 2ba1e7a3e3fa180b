using System.Text.Json.Serialization;

namespace LabPortal.Shared.Experiments;

/// <summary>How a custom dataset file is laid out; "auto" goes by the file's extension.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DatasetFormat>))]
public enum DatasetFormat
{
    [JsonStringEnumMemberName("auto")] Auto,

    /// <summary>Tab-separated with a header row, no quoting (the GLUE files).</summary>
    [JsonStringEnumMemberName("tsv")] Tsv,

    /// <summary>Comma-separated with a header row and RFC 4180 quoting.</summary>
    [JsonStringEnumMemberName("csv")] Csv,

    /// <summary>One JSON object per line.</summary>
    [JsonStringEnumMemberName("jsonl")] JsonLines,
}
