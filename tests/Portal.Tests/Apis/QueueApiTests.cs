using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Apis;

public sealed class QueueApiTests : IDisposable
{
    private readonly PortalFactory _portal = new();
    private readonly HttpClient _client;

    public QueueApiTests() => _client = _portal.CreateClient();

    private async Task<int> QueueRunAsync(int priority = 0)
    {
        var request = new ExperimentRequest
        {
            Name = "queue api",
            Priority = priority,
            Spec = new ExperimentSpec
            {
                Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
                Method = new MethodSpec { Kind = MethodKind.Full },
            },
        };
        var response = await _client.PostAsJsonAsync("/api/experiments", request, LabJson.Options);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runIds")[0].GetInt32();
    }

    private static async Task<string> DetailOf(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    [Fact]
    public async Task Cancelling_a_queued_run_answers_200_with_the_canceled_run()
    {
        var runId = await QueueRunAsync();

        var response = await _client.PostAsync($"/api/runs/{runId}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Canceled", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal("Canceled", (await _client.GetJsonAsync($"/api/runs/{runId}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Cancelling_a_run_that_already_ended_answers_409_saying_why()
    {
        var runId = await QueueRunAsync();
        await _client.PostAsync($"/api/runs/{runId}/cancel", null);

        var response = await _client.PostAsync($"/api/runs/{runId}/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal($"Run {runId} has already finished (Canceled); only a queued, assigned or running run can be canceled.", await DetailOf(response));
    }

    [Fact]
    public async Task Requeueing_a_canceled_run_answers_200_and_queues_it_while_requeueing_a_queued_run_answers_409()
    {
        var runId = await QueueRunAsync();
        var queuedAgain = await _client.PostAsync($"/api/runs/{runId}/requeue", null);
        Assert.Equal(HttpStatusCode.Conflict, queuedAgain.StatusCode);
        Assert.Contains("only a succeeded, failed or canceled run can be queued again", await DetailOf(queuedAgain));

        await _client.PostAsync($"/api/runs/{runId}/cancel", null);
        var response = await _client.PostAsync($"/api/runs/{runId}/requeue", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Queued", (await _client.GetJsonAsync($"/api/runs/{runId}")).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Actions_on_an_unknown_run_answer_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/runs/4242/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync("/api/runs/4242/requeue", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PutAsJsonAsync("/api/runs/4242/priority", new { priority = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/runs/4242/log")).StatusCode);
    }

    [Fact]
    public async Task Setting_a_priority_is_stored_and_shown_while_an_out_of_range_one_answers_400()
    {
        var runId = await QueueRunAsync(priority: 3);
        Assert.Equal(3, (await _client.GetJsonAsync($"/api/runs/{runId}")).GetProperty("priority").GetInt32());

        var response = await _client.PutAsJsonAsync($"/api/runs/{runId}/priority", new { priority = 12 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(12, (await _client.GetJsonAsync($"/api/runs/{runId}")).GetProperty("priority").GetInt32());

        var tooHigh = await _client.PutAsJsonAsync($"/api/runs/{runId}/priority", new { priority = 5000 });
        Assert.Equal(HttpStatusCode.BadRequest, tooHigh.StatusCode);
        var errors = (await tooHigh.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains("between -1000 and 1000", errors.GetProperty("priority")[0].GetString());
        Assert.Equal(12, (await _client.GetJsonAsync($"/api/runs/{runId}")).GetProperty("priority").GetInt32());
    }

    [Fact]
    public async Task An_experiment_with_an_unknown_required_device_is_refused_with_400()
    {
        var json = """{ "name": "bad device", "requiredDevice": "tpu", "spec": { "dataset": { "trainFile": "data/demo/train.tsv", "validationFile": "data/demo/dev.tsv" } } }""";

        var response = await _client.PostAsync("/api/experiments", new StringContent(json, null, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task The_log_answers_its_lines_as_plain_text()
    {
        var runId = await QueueRunAsync();
        _portal.Services.GetRequiredService<RunLogStore>().Append(runId, 1, ["run started", "step 2/10  loss 0.6931"]);

        var response = await _client.GetAsync($"/api/runs/{runId}/log");

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("run started\nstep 2/10  loss 0.6931\n", await response.Content.ReadAsStringAsync());
    }

    public void Dispose()
    {
        _client.Dispose();
        _portal.Dispose();
    }
}
