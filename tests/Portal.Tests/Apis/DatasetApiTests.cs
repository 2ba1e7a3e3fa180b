using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Portal.Services.Datasets;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Tests.Apis;

public sealed class DatasetApiTests : IDisposable
{
    private readonly PortalFactory _portal = new();
    private readonly HttpClient _client;

    public DatasetApiTests() => _client = _portal.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _portal.Dispose();
    }

    [Fact]
    public async Task The_demo_dataset_is_registered_at_start_up_with_its_fingerprints()
    {
        var datasets = await _client.GetJsonAsync("/api/datasets");

        var demo = Assert.Single(datasets.EnumerateArray(), d => d.GetProperty("name").GetString() == "demo");
        Assert.Equal("data/demo/train.tsv", demo.GetProperty("dataset").GetProperty("trainFile").GetString());
        Assert.Equal(64, demo.GetProperty("trainSha256").GetString()!.Length);
    }

    [Fact]
    public async Task Posting_a_dataset_answers_201_and_lists_it()
    {
        var registration = new DatasetRegistration
        {
            Name = "demo again",
            Dataset = new DatasetSpec { Task = TaskKind.Qqp, TrainFile = "data/demo/dev.tsv", ValidationFile = "data/demo/dev.tsv" },
        };

        var response = await _client.PostAsJsonAsync("/api/datasets", registration, LabJson.Options);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal($"/api/datasets/{created.GetProperty("id").GetInt32()}", response.Headers.Location?.ToString());
        var listed = await _client.GetJsonAsync("/api/datasets");
        Assert.Contains(listed.EnumerateArray(), d => d.GetProperty("name").GetString() == "demo again");
    }

    [Fact]
    public async Task Posting_a_path_outside_the_data_root_answers_400_naming_the_field()
    {
        var registration = new DatasetRegistration
        {
            Name = "escape",
            Dataset = new DatasetSpec { TrainFile = "../../etc/passwd", ValidationFile = "data/demo/dev.tsv" },
        };

        var response = await _client.PostAsJsonAsync("/api/datasets", registration, LabJson.Options);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("climbs out with '..'", problem.GetProperty("errors").GetProperty("dataset.trainFile")[0].GetString());
        var listed = await _client.GetJsonAsync("/api/datasets");
        Assert.DoesNotContain(listed.EnumerateArray(), d => d.GetProperty("name").GetString() == "escape");
    }
}
