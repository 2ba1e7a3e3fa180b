using System.Text.Json;

namespace LabPortal.Portal.Services.Compare;

/// <summary>
/// Turns a spec's JSON into dotted paths and values ("method.rank" → "8"). Lists of plain values stay one value
/// (["query","value"]) so a list that grew reads as one changed field, not a shifted tail.
/// </summary>
public static class SpecFlattener
{
    public static IReadOnlyList<KeyValuePair<string, string>> Flatten(string json)
    {
        using var document = JsonDocument.Parse(json);
        var fields = new List<KeyValuePair<string, string>>();
        Add(document.RootElement, "", fields);
        return fields;
    }

    private static void Add(JsonElement element, string path, List<KeyValuePair<string, string>> fields)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Add(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", fields);
                }

                break;
            case JsonValueKind.Array when element.EnumerateArray().Any(e => e.ValueKind is JsonValueKind.Object or JsonValueKind.Array):
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Add(item, $"{path}[{index++}]", fields);
                }

                break;
            case JsonValueKind.String:
                fields.Add(new(path, element.GetString()!));
                break;
            default:
                fields.Add(new(path, element.GetRawText()));
                break;
        }
    }
}
