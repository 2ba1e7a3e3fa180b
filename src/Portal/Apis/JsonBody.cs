using System.Text.Json;
using LabPortal.Shared;

namespace LabPortal.Portal.Apis;

/// <summary>
/// Reads a JSON request body with the project's rules and answers what is wrong with it: 415 for another content type,
/// 413 past the size limit, 400 naming the field (its JSON path) a value could not be read into. The framework's own
/// binding says only "Bad Request" outside Development.
/// </summary>
public static class JsonBody
{
    /// <summary>Far above any real experiment request; a bigger body is refused before it is parsed.</summary>
    public const long MaxBytes = 1024 * 1024;

    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Results.Problem(
                $"Send the body as JSON (Content-Type: application/json), not '{request.ContentType ?? "none"}'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType));
        }

        using var content = request.ContentLength > MaxBytes ? null : await BoundedCopy.ReadAsync(request.Body, MaxBytes);
        if (content is null)
        {
            return (null, Results.Problem($"The body is larger than {MaxBytes:N0} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(content, LabJson.Options);
            return value is null ? (null, Invalid("$", "The body is null; send a JSON object.")) : (value, null);
        }
        catch (JsonException exception)
        {
            var path = exception.Path ?? "$";
            var where = exception.LineNumber is { } line ? $" (line {line + 1}, byte {exception.BytePositionInLine + 1})" : "";
            return (null, Invalid(path, $"The value at '{path}' cannot be read{where}: {FirstSentence(exception.Message)}"));
        }
    }

    private static IResult Invalid(string path, string message)
    {
        // "$.spec.method.rank" → "spec.method.rank", the same field names the validator's messages use.
        var field = path == "$" ? "body" : path.TrimStart('$', '.');
        return Results.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request body is not valid JSON for this endpoint.");
    }

    private static string FirstSentence(string message) => message.Split(". Path:", 2)[0].TrimEnd('.') + ".";
}
