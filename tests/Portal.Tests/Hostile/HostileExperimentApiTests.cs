using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Hostile;

/// <summary>
/// Hostile input catalogue, category 1 (docs/hostile-inputs.md): malformed experiment requests through the real
/// <c>POST /api/experiments</c>. Each is refused with the right status and a message under the field that is wrong,
/// and nothing is stored.
/// </summary>
public sealed class HostileExperimentApiTests : IDisposable
{
    private static readonly string OutsideFile = Path.Combine(Path.GetTempPath(), "labportal-hostile-outside.tsv");

    private readonly PortalFactory _portal = new();
    private readonly HttpClient _client;

    public HostileExperimentApiTests()
    {
        _client = _portal.CreateClient();
        File.WriteAllText(OutsideFile, "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n1\t1\t2\ta\tb\t0\n");
    }

    /// <summary>A request the portal accepts; each case changes one value in it.</summary>
    private static JsonObject ValidRequest() => JsonNode.Parse("""
        {
          "name": "hostile",
          "seeds": [1],
          "spec": {
            "dataset": { "task": "qqp", "trainFile": "data/demo/train.tsv", "validationFile": "data/demo/dev.tsv" },
            "method": { "kind": "lora", "rank": 8, "alpha": 16 },
            "training": { "epochs": 1, "batchSize": 16, "learningRate": 0.0005, "maxLength": 128 }
          }
        }
        """)!.AsObject();

    /// <summary>Case: what is set (a dotted path in the request) to which JSON value, the field the answer must name, and a piece of its message.</summary>
    public static TheoryData<string, string, string, string> BadFields => new()
    {
        { "name", "\"\"", "name", "Give the experiment a name" },
        { "name", JsonSerializer.Serialize(new string('x', 10_000)), "name", "longer than 200" },
        { "spec.method.rank", "0", "spec.method.rank", "between 1 and 1024 (got 0)" },
        { "spec.method.rank", "-3", "spec.method.rank", "(got -3)" },
        { "spec.method.rank", "2147483647", "spec.method.rank", "(got 2147483647)" },
        { "spec.method.rank", "99999999999", "spec.method.rank", "cannot be read" },
        { "spec.method.rank", "1.5", "spec.method.rank", "cannot be read" },
        { "spec.method.alpha", "\"NaN\"", "spec.method.alpha", "greater than 0 (got NaN)" },
        { "spec.training.learningRate", "\"Infinity\"", "spec.training.learningRate", "below 1" },
        { "spec.method.alpha", "null", "spec.method.alpha", "cannot be read" },
        { "spec.method.alpha", "-1", "spec.method.alpha", "greater than 0" },
        { "spec.method.alpha", "\"Infinity\"", "spec.method.alpha", "finite number greater than 0 (got Infinity)" },
        { "spec.training.learningRate", "0", "spec.training.learningRate", "greater than 0 and below 1" },
        { "spec.training.learningRate", "-0.1", "spec.training.learningRate", "(got -0.1)" },
        { "spec.training.learningRate", "1", "spec.training.learningRate", "below 1 (got 1)" },
        { "spec.training.learningRate", "\"fast\"", "spec.training.learningRate", "cannot be read" },
        { "spec.training.epochs", "0", "spec.training.epochs", "between 1 and 1000 (got 0)" },
        { "spec.training.epochs", "100000", "spec.training.epochs", "(got 100000)" },
        { "spec.training.epochs", "\"three\"", "spec.training.epochs", "cannot be read" },
        { "spec.training.batchSize", "0", "spec.training.batchSize", "at least 1 (got 0)" },
        { "spec.training.batchSize", "100000", "spec.training.batchSize", "larger than the training set" },
        { "spec.training.maxLength", "100000", "spec.training.maxLength", "between 8 and 512 tokens (got 100000)" },
        { "spec.method.kind", "\"quantum-lora\"", "spec.method.kind", "cannot be read" },
        { "spec.method.kind", "7", "spec.method.kind", "not a known MethodKind" },
        { "spec.dataset.task", "\"sentiment\"", "spec.dataset.task", "cannot be read" },
        { "spec.dataset.task", "9", "spec.dataset.task", "not a known TaskKind" },
        { "spec.training.schedule", "4", "spec.training.schedule", "not a known ScheduleKind" },
        { "preset", "12", "preset", "not a known preset" },
        { "spec.dataset.trainFile", "\"data/../../../../etc/passwd\"", "spec.dataset.trainFile", "climbs out with '..'" },
        { "spec.dataset.trainFile", "\"/etc/passwd\"", "spec.dataset.trainFile", "outside the data root" },
        { "spec.dataset.trainFile", JsonSerializer.Serialize(OutsideFile), "spec.dataset.trainFile", "outside the data root" },
        { "spec.dataset.validationFile", "\"data/demo/missing.tsv\"", "spec.dataset.validationFile", "does not exist" },
        { "spec.dataset.trainFile", "\"data/demo/\\u0000.tsv\"", "spec.dataset.trainFile", "characters a path may not hold" },
        { "seeds", "[1, 2, 1]", "seeds", "only once" },
        { "seeds", JsonSerializer.Serialize(Enumerable.Range(1, 51)), "seeds", "At most 50 seeds" },
        { "seeds", "null", "seeds", "cannot be read" },
        { "seeds", "\"1,2,3\"", "seeds", "cannot be read" },
        { "spec.method.targetModules", "[\"query\", \"<script>\"]", "spec.method.targetModules", "Unknown target module '<script>'" },
    };

    [Theory]
    [MemberData(nameof(BadFields))]
    public async Task A_bad_value_is_refused_with_400_naming_the_field_and_nothing_is_stored(string path, string json, string field, string fragment)
    {
        var request = ValidRequest();
        Set(request, path, JsonNode.Parse(json));

        var response = await PostAsync(request.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ReadProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {errors}");
        Assert.Contains(messages.EnumerateArray(), m => m.GetString()!.Contains(fragment, StringComparison.Ordinal));
        AssertNothingStored();
    }

    [Fact]
    public async Task The_valid_request_the_cases_start_from_is_accepted()
    {
        var response = await PostAsync(ValidRequest().ToJsonString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Theory]
    [InlineData("{ not json", "body")]
    [InlineData("""{ "name": "cut off", "spec": { "method": """, "spec.method")]
    [InlineData("[1, 2, 3]", "body")]
    [InlineData("null", "body")]
    [InlineData("", "body")]
    public async Task A_body_that_is_not_a_request_object_is_refused_with_400_saying_where_it_breaks(string body, string field)
    {
        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await ReadProblemAsync(response)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"no error for '{field}' in {errors}");
        Assert.NotEmpty(messages[0].GetString()!);
        AssertNothingStored();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task A_body_of_another_content_type_is_refused_with_415_naming_json(string contentType)
    {
        var response = await PostAsync(ValidRequest().ToJsonString(), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/json", (await ReadProblemAsync(response)).GetProperty("detail").GetString());
        AssertNothingStored();
    }

    [Fact]
    public async Task A_five_megabyte_body_is_refused_with_413_before_it_is_parsed()
    {
        var request = ValidRequest();
        request["name"] = new string('x', 5 * 1024 * 1024);

        var response = await PostAsync(request.ToJsonString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 1,048,576 bytes", (await ReadProblemAsync(response)).GetProperty("detail").GetString());
        AssertNothingStored();
    }

    [Fact]
    public async Task A_request_without_credentials_is_refused_and_nothing_is_stored()
    {
        using var anonymous = new HttpClient(_portal.Server.CreateHandler()) { BaseAddress = _portal.Server.BaseAddress };

        var response = await anonymous.PostAsync("/api/experiments", new StringContent(ValidRequest().ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertNothingStored();
    }

    private static void Set(JsonObject request, string path, JsonNode? value)
    {
        var parts = path.Split('.');
        var parent = parts[..^1].Aggregate(request, (node, part) => node[part] as JsonObject ?? (JsonObject)(node[part] = new JsonObject()));
        parent[parts[^1]] = value;
    }

    private Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json")
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return _client.PostAsync("/api/experiments", content);
    }

    private static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private void AssertNothingStored()
    {
        var db = _portal.Services.GetRequiredService<LabDatabase>();
        Assert.Equal(0, db.Experiments.Count());
        Assert.Equal(0, db.Runs.Count());
    }

    public void Dispose()
    {
        _client.Dispose();
        _portal.Dispose();
    }
}
