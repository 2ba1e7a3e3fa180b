using System.Text.Json;

namespace LabPortal.Agent.Data;

/// <summary>Reads a 0/1 label (1 = the two texts mean the same); anything else is a located error.</summary>
public static class PairLabel
{
    public static int Parse(string text, string path, int line, string column) => text.Trim() switch
    {
        "0" => 0,
        "1" => 1,
        _ => throw new DataFormatException(path, line, column, $"expected the label 0 or 1 but found '{Shorten(text)}'."),
    };

    /// <summary>A JSON label: 0 or 1, true or false, or "0"/"1".</summary>
    public static int Parse(JsonElement value, string path, int line, string column) => value.ValueKind switch
    {
        JsonValueKind.True => 1,
        JsonValueKind.False => 0,
        JsonValueKind.Number when value.TryGetInt32(out var n) && n is 0 or 1 => n,
        JsonValueKind.String => Parse(value.GetString()!, path, line, column),
        _ => throw new DataFormatException(path, line, column, $"expected the label 0, 1, true or false but found {Shorten(value.GetRawText())}."),
    };

    /// <summary>Keeps messages readable when a field is huge.</summary>
    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
