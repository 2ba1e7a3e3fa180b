using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using LabPortal.Shared;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Support;

public static class PortalFactoryExtensions
{
    /// <summary>Starts the portal on a real Kestrel port (agents and browsers need real sockets) and returns its address.</summary>
    public static Uri StartOnKestrel(this PortalFactory portal)
    {
        portal.UseKestrel(0);
        portal.StartServer();
        var addresses = portal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }

    /// <summary>A queued run assigned to <paramref name="agentId"/> (marked online), as the scheduler would do it, without a hub.</summary>
    public static (int RunId, int Attempt) StartRunOn(this PortalFactory portal, string agentId)
    {
        var services = portal.Services;
        var spec = LabJson.Serialize(new ExperimentSpec());
        var experiment = services.GetRequiredService<ExperimentStore>().Create(
            new ExperimentRecord { Name = "started by a test", SpecJson = spec }, [new RunRecord { SpecJson = spec, State = RunState.Queued }]);
        services.GetRequiredService<AgentStore>().Upsert(agentId, DateTime.UtcNow, a => a.ConnectionId ??= "test-connection"); // keeps a real one
        var assignment = services.GetRequiredService<RunLifecycle>().TryAssign(experiment.RunIds[0], agentId)!;
        return (assignment.RunId, assignment.Attempt);
    }

    /// <summary>GETs JSON; a failure status throws with the body, so the server's reason shows in the test output.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(body).RootElement.Clone()
            : throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}: {body}");
    }

    /// <summary>Polls the API until <paramref name="done"/> holds or the time runs out (the test's own wait, not the page's).</summary>
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds:0} s waiting for {what}; last seen: {value}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Submits the experiment and waits for its first run to finish; returns that run as the API shows it.</summary>
    public static async Task<(int RunId, JsonElement Run)> RunToEndAsync(this HttpClient client, ExperimentRequest request, TimeSpan timeout)
    {
        var runId = await client.SubmitAsync(request);
        return (runId, await client.WaitUntilFinishedAsync(runId, timeout));
    }

    /// <summary>Submits the experiment through the API and returns its first run's id.</summary>
    public static async Task<int> SubmitAsync(this HttpClient client, ExperimentRequest request)
    {
        using var response = await client.PostAsJsonAsync("/api/experiments", request, LabJson.Options);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        return response.IsSuccessStatusCode
            ? created.GetProperty("runIds")[0].GetInt32()
            : throw new HttpRequestException($"POST /api/experiments answered {(int)response.StatusCode}: {created}");
    }

    /// <summary>Waits until the run has trained at least <paramref name="steps"/> steps.</summary>
    public static Task<JsonElement> WaitUntilStepAsync(this HttpClient client, int runId, int steps, TimeSpan timeout) =>
        WaitForAsync(() => client.GetJsonAsync($"/api/runs/{runId}"), r => r.GetProperty("step").GetInt32() >= steps, timeout, $"run {runId} to reach step {steps}");

    public static Task<JsonElement> WaitUntilFinishedAsync(this HttpClient client, int runId, TimeSpan timeout) =>
        WaitForAsync(() => client.GetJsonAsync($"/api/runs/{runId}"), r => StateOf(r).IsFinished(), timeout, $"run {runId} to finish");

    /// <summary>Full fine-tuning of the tiny model on the demo set, reporting every step: long enough to interrupt.</summary>
    public static ExperimentRequest DemoFullFineTuning(string name, int epochs, int seed = 42) => new()
    {
        Name = name,
        Spec = new ExperimentSpec
        {
            Seed = seed,
            Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
            Method = new MethodSpec { Kind = MethodKind.Full },
            Training = new TrainingSpec { Epochs = epochs, BatchSize = 16, MaxLength = 32, LogEverySteps = 1 },
        },
    };

    public static RunState StateOf(JsonElement run) => Enum.Parse<RunState>(run.GetProperty("state").GetString()!);
}
