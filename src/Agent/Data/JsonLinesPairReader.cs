using System.Text.Json;

namespace LabPortal.Agent.Data;

/// <summary>One JSON object per line, with the texts and the label as named fields.</summary>
public static class JsonLinesPairReader
{
    public static IEnumerable<SentencePair> Read(string path, PairFileLayout layout)
    {
        foreach (var (number, line) in StrictUtf8.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            JsonElement row;
            try
            {
                using var document = JsonDocument.Parse(line);
                row = document.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new DataFormatException(path, number, $"{e.BytePositionInLine + 1}", $"the line is not valid JSON ({e.Message.Split('.')[0]}).");
            }

            if (row.ValueKind != JsonValueKind.Object)
            {
                throw new DataFormatException(path, number, "1", $"expected a JSON object but found {row.ValueKind.ToString().ToLowerInvariant()}.");
            }

            yield return new SentencePair(
                Text(row, layout.FirstColumn, path, number),
                layout.SecondColumn is { } second ? Text(row, second, path, number) : null,
                layout.Labelled ? layout.ParseLabel(Field(row, layout.LabelColumn, path, number), path, number, $"'{layout.LabelColumn}'") : double.NaN);
        }
    }

    private static string Text(JsonElement row, string name, string path, int line)
    {
        var value = Field(row, name, path, line);
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new DataFormatException(path, line, $"'{name}'", $"expected a string but found {PairLabel.Shorten(value.GetRawText())}.");
    }

    private static JsonElement Field(JsonElement row, string name, string path, int line) =>
        row.TryGetProperty(name, out var value)
            ? value
            : throw new DataFormatException(path, line, $"'{name}'", $"the object has no field '{name}'.");
}
