using System.Text.Json;

namespace LabPortal.Shared;

/// <summary>The one JSON shape of the project: web defaults (camelCase), as the API and the hub use.</summary>
public static class LabJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");
}
