using System.Text.Json;

namespace LabPortal.Shared;

/// <summary>The one JSON shape of the project: web defaults (camelCase), as the API and the hub use.</summary>
public static class LabJson
{
    /// <remarks>Null where a type says non-null (for example "seeds": null) is a JSON error, not a crash later.</remarks>
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Applies the project's JSON rules to options made elsewhere (ASP.NET's, SignalR's).</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.RespectNullableAnnotations = true;
        return options;
    }

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>An enum value as specs spell it ("enhanced-lora", "qqp"): its JSON name, for people to read.</summary>
    public static string NameOf<T>(T value) where T : struct, Enum => Serialize(value).Trim('"');

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");
}
