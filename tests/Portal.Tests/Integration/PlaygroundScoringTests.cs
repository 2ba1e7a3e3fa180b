using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Portal.Services.Playground;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Integration;

/// <summary>The playground end to end: a real agent trains a tiny C3 run, then scores pairs with it over the hub.</summary>
public sealed class PlaygroundScoringTests
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_real_agent_scores_a_validation_pair_exactly_as_its_evaluator_did_and_names_a_corrupt_adapter()
    {
        await using var portal = new PortalFactory(localAgents: 1);
        using var client = portal.CreateKestrelClient(portal.StartOnKestrel());
        var (runId, run) = await client.RunToEndAsync(Demo("playground", MethodKind.EnhancedLora, epochs: 1), RunTimeout);
        Assert.Equal(RunState.Succeeded, PortalFactoryExtensions.StateOf(run));

        var scoring = portal.Services.GetRequiredService<PairScoring>();
        var artifacts = portal.Services.GetRequiredService<ArtifactStore>();
        var attempt = portal.Services.GetRequiredService<RunStore>().Get(runId)!.Attempt;
        var (first, second) = DevPair(index: 2);
        var evaluated = (await client.GetStringAsync($"/api/runs/{runId}/artifacts/predictions.tsv")).Split('\n')[1 + 2].Split('\t');

        // A damaged adapter is an error naming the file; the run's own file back in place, the same question succeeds.
        var adapter = new MemoryStream();
        await using (var stored = artifacts.Open(runId, ArtifactNames.Adapter)!)
        {
            await stored.CopyToAsync(adapter);
        }

        artifacts.Save(runId, attempt, ArtifactNames.Adapter, new MemoryStream("not a zip"u8.ToArray()));
        var broken = await scoring.ScoreAsync(runId, first, second);
        Assert.Null(broken.Score);
        Assert.Contains("adapter.zip", broken.Error);

        adapter.Position = 0;
        artifacts.Save(runId, attempt, ArtifactNames.Adapter, adapter);
        var answer = await scoring.ScoreAsync(runId, first, second);

        Assert.True(answer.Error is null, answer.Error);
        var score = answer.Score!;
        Assert.InRange(score.Probability, 0, 1);
        Assert.Equal(double.Parse(evaluated[2], CultureInfo.InvariantCulture), score.Probability, 1e-5);
        Assert.Equal(double.Parse(evaluated[4], CultureInfo.InvariantCulture), score.MatchScore!.Value, 1e-5);
        Assert.Equal(run.GetProperty("matchingThreshold").GetDouble(), score.Threshold!.Value, 12);
        Assert.Equal(JsonValueKind.Number, run.GetProperty("matchingGamma").ValueKind); // chosen with τ, and used to score
        Assert.Equal(evaluated[5] == "1", score.IsDuplicate);
        Assert.InRange(score.AgentMilliseconds!.Value, double.Epsilon, PairScoring.AnswerTimeout.TotalMilliseconds);

        var refused = await scoring.ScoreAsync(runId, first, "   ");
        Assert.Equal("Type the second question.", refused.Error);

        // The same from a script: POST /api/runs/{id}/score answers the agent's score, or the playground's reason.
        using var viaApi = await client.PostAsJsonAsync($"/api/runs/{runId}/score", new { first, second });
        Assert.Equal(HttpStatusCode.OK, viaApi.StatusCode);
        var apiScore = await viaApi.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(score.Probability, apiScore.GetProperty("probability").GetDouble(), 12);
        Assert.Equal(score.IsDuplicate, apiScore.GetProperty("isDuplicate").GetBoolean());
        using var apiRefused = await client.PostAsJsonAsync($"/api/runs/{runId}/score", new { first });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, apiRefused.StatusCode);
        Assert.Equal("Type the second question.", (await apiRefused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        using var unknown = await client.PostAsJsonAsync($"/api/runs/{runId + 1000}/score", new { first, second });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_busy_agent_scores_a_pair_and_its_training_run_ends_exactly_as_an_undisturbed_one()
    {
        await using var portal = new PortalFactory(localAgents: 1);
        using var client = portal.CreateKestrelClient(portal.StartOnKestrel());
        var (finished, _) = await client.RunToEndAsync(Demo("to try", MethodKind.Lora, epochs: 1), RunTimeout);
        var longRun = Demo("training meanwhile", MethodKind.Lora, epochs: 12);

        // Score while the long run trains: the agent builds the finished run's model beside the training one.
        var created = await (await client.PostAsJsonAsync("/api/experiments", longRun, LabJson.Options)).Content.ReadFromJsonAsync<JsonElement>();
        var training = created.GetProperty("runIds")[0].GetInt32();
        await PortalFactoryExtensions.WaitForAsync(() => client.GetJsonAsync($"/api/runs/{training}"),
            r => PortalFactoryExtensions.StateOf(r) == RunState.Running && r.GetProperty("step").GetInt32() > 0, RunTimeout, $"run {training} to train");
        var (first, second) = DevPair(index: 0);
        var answer = await portal.Services.GetRequiredService<PairScoring>().ScoreAsync(finished, first, second);
        var duringScore = PortalFactoryExtensions.StateOf(await client.GetJsonAsync($"/api/runs/{training}"));

        Assert.True(answer.Error is null, answer.Error);
        Assert.True(duringScore == RunState.Running, $"The long run was {duringScore} when the score came back; make it longer.");
        var disturbed = await PortalFactoryExtensions.WaitForAsync(() => client.GetJsonAsync($"/api/runs/{training}"),
            r => PortalFactoryExtensions.StateOf(r).IsFinished(), RunTimeout, $"run {training} to finish");
        var (_, undisturbed) = await client.RunToEndAsync(longRun, RunTimeout);
        Assert.True(PortalFactoryExtensions.StateOf(disturbed) == RunState.Succeeded, $"The scored-beside run ended {disturbed}");
        Assert.Equal(undisturbed.GetProperty("metrics").ToString(), disturbed.GetProperty("metrics").ToString());
        Assert.Equal(undisturbed.GetProperty("evaluationLoss").GetDouble(), disturbed.GetProperty("evaluationLoss").GetDouble());
    }

    private static ExperimentRequest Demo(string name, MethodKind method, int epochs) => new()
    {
        Name = name,
        Spec = new ExperimentSpec
        {
            Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
            Method = new MethodSpec { Kind = method, Rank = 4 },
            // fp32: a pair scored alone matches its batched evaluation exactly only without bfloat16 rounding.
            Training = new TrainingSpec { Epochs = epochs, BatchSize = 32, MaxLength = 32, LearningRate = 1e-3, Precision = PrecisionKind.Fp32 },
        },
    };

    /// <summary>The two questions of a validation pair (dev.tsv: id, qid1, qid2, question1, question2, is_duplicate).</summary>
    private static (string First, string Second) DevPair(int index)
    {
        var fields = File.ReadLines(Path.Combine(RepositoryPaths.Root, "data/demo/dev.tsv")).Skip(1 + index).First().Split('\t');
        return (fields[3], fields[4]);
    }
}
