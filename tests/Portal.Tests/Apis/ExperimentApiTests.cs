using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Tests.Apis;

public sealed class ExperimentApiTests : IDisposable
{
    private readonly PortalFactory _portal = new();
    private readonly HttpClient _client;

    public ExperimentApiTests() => _client = _portal.CreateClient();

    private static ExperimentRequest DemoRequest(params int[] seeds) => new()
    {
        Name = "api demo",
        Seeds = seeds,
        Spec = new ExperimentSpec
        {
            Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
            Method = new MethodSpec { Kind = MethodKind.Full },
            Training = new TrainingSpec { Epochs = 1, BatchSize = 16 },
        },
    };

    [Fact]
    public async Task Posting_a_valid_spec_answers_201_with_the_experiment_and_one_queued_run_per_seed()
    {
        var response = await _client.PostAsJsonAsync("/api/experiments", DemoRequest(1, 2, 3), LabJson.Options);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var runIds = created.GetProperty("runIds").EnumerateArray().Select(e => e.GetInt32()).ToList();
        Assert.Equal(3, runIds.Count);
        Assert.Equal($"/api/experiments/{created.GetProperty("experimentId").GetInt32()}", response.Headers.Location?.ToString());

        var run = await _client.GetFromJsonAsync<JsonElement>($"/api/runs/{runIds[1]}");
        Assert.Equal("Queued", run.GetProperty("state").GetString());
        Assert.Equal(2, run.GetProperty("seed").GetInt32());
        Assert.Equal(2, run.GetProperty("spec").GetProperty("seed").GetInt32());
    }

    [Fact]
    public async Task Posting_an_invalid_spec_answers_400_with_a_message_for_each_bad_field()
    {
        var request = DemoRequest() with
        {
            Spec = DemoRequest().Spec with
            {
                Dataset = new DatasetSpec { TrainFile = "data/demo/missing.tsv", ValidationFile = "data/demo/dev.tsv" },
                Method = new MethodSpec { Kind = MethodKind.Lora, Rank = 0 },
                Training = new TrainingSpec { Epochs = 0, LearningRate = -1 },
            },
        };

        var response = await _client.PostAsJsonAsync("/api/experiments", request, LabJson.Options);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("does not exist", errors.GetProperty("spec.dataset.trainFile")[0].GetString());
        Assert.Contains("rank", errors.GetProperty("spec.method.rank")[0].GetString());
        Assert.Contains("Epochs", errors.GetProperty("spec.training.epochs")[0].GetString());
        Assert.Contains("learning rate", errors.GetProperty("spec.training.learningRate")[0].GetString());
        Assert.Empty((await _client.GetFromJsonAsync<JsonElement>("/api/runs")).EnumerateArray());
    }

    [Fact]
    public async Task A_paper_ablation_on_three_seeds_queues_twelve_runs_named_by_variant()
    {
        var response = await _client.PostAsJsonAsync("/api/experiments", DemoRequest(1, 2, 3) with { Preset = PresetKind.PaperAblation }, LabJson.Options);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var runs = (await _client.GetFromJsonAsync<JsonElement>("/api/runs")).EnumerateArray().ToList();
        Assert.Equal(12, runs.Count);
        Assert.Equal(3, runs.Count(r => r.GetProperty("variant").GetString() == "− adaptive learning rate"));
        var withoutRates = runs.First(r => r.GetProperty("variant").GetString() == "− adaptive learning rate");
        Assert.False(withoutRates.GetProperty("spec").GetProperty("method").GetProperty("adaptiveLearningRates").GetBoolean());
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_refused_with_400()
    {
        var response = await _client.PostAsync("/api/experiments", new StringContent("{ not json", null, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_null_where_a_list_belongs_is_refused_with_400_not_a_server_error()
    {
        var json = """{ "name": "nulls", "seeds": null, "spec": { "method": { "targetModules": null } } }""";

        var response = await _client.PostAsync("/api/experiments", new StringContent(json, null, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_run_answers_404()
    {
        var response = await _client.GetAsync("/api/runs/4242");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Health_reports_ok_with_queued_runs_and_online_agents()
    {
        await _client.PostAsJsonAsync("/api/experiments", DemoRequest(7, 8), LabJson.Options);

        var health = await _client.GetFromJsonAsync<JsonElement>("/api/health");

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(2, health.GetProperty("runsQueued").GetInt32());
        Assert.Equal(0, health.GetProperty("agentsOnline").GetInt32());
    }

    [Fact]
    public async Task The_agent_hub_refuses_a_connection_without_the_token()
    {
        var response = await _client.PostAsync("/hubs/agents/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_agent_hub_refuses_a_wrong_token()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/agents/negotiate?negotiateVersion=1");
        request.Headers.Authorization = new("Bearer", "not-the-token");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    public void Dispose()
    {
        _client.Dispose();
        _portal.Dispose();
    }
}
