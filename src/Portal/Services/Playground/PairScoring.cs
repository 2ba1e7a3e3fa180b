using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.SignalR;

namespace LabPortal.Portal.Services.Playground;

/// <summary>
/// The playground: scores a sentence pair with a finished run's trained model. The portal loads no model itself; it
/// checks what it can (run, questions, stored files, an agent offering the model) and asks that agent.
/// </summary>
public sealed class PairScoring(RunStore runs, AgentStore agents, ArtifactStore artifacts, IAgentCalls calls)
{
    public const int MaxQuestionLength = 2000;
    public const int ListedRuns = 200;

    /// <summary>Long enough for an agent to download and rebuild a pretrained model the first time.</summary>
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromMinutes(3);

    /// <summary>The runs the playground offers, newest first.</summary>
    public IReadOnlyList<RunRecord> FinishedRuns() => runs.ListSucceeded(ListedRuns);

    /// <summary>Why a run cannot be tried, or null when it can (as far as the portal can tell without an agent).</summary>
    public string? CheckRun(int runId)
    {
        var run = runs.Get(runId);
        if (run is null)
        {
            return $"Run {runId} does not exist.";
        }

        if (run.State != RunState.Succeeded)
        {
            return $"Run {runId} is {run.State.ToString().ToLowerInvariant()}; only a succeeded run has a trained model to try.";
        }

        var spec = LabJson.Deserialize<ExperimentSpec>(run.SpecJson);
        if (ArtifactNames.NeededToScore(spec.Method.Kind) is not { } needed)
        {
            return $"Run {runId} used full fine-tuning, which keeps no weights to score with.";
        }

        var stored = artifacts.List(runId).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        var missing = needed.Where(name => !stored.Contains(name)).ToList();
        return missing.Count > 0 ? $"Run {runId} has no {string.Join(" and no ", missing)} on the portal; its agent did not upload it." : null;
    }

    public async Task<PlaygroundAnswer> ScoreAsync(int? runId, string? first, string? second, CancellationToken cancellationToken = default)
    {
        if (runId is not { } id)
        {
            return PlaygroundAnswer.Failed("Pick a finished run.");
        }

        if (CheckRun(id) is { } runError)
        {
            return PlaygroundAnswer.Failed(runError);
        }

        var spec = LabJson.Deserialize<ExperimentSpec>(runs.Get(id)!.SpecJson);
        var singleText = TaskFacts.For(spec.Dataset).SingleText;
        if ((CheckQuestion(first, "first") ?? (singleText ? null : CheckQuestion(second, "second"))) is { } questionError)
        {
            return PlaygroundAnswer.Failed(questionError);
        }

        // A single-text run reads the first text alone: nothing else is sent.
        second = singleText ? "" : second;
        var model = spec.Model;
        if (AgentFor(model) is not { } agent)
        {
            return PlaygroundAnswer.Failed($"No online agent offers the model '{model}'; start one that does and try again.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerTimeout);
        try
        {
            var score = await calls.ScorePairAsync(agent.ConnectionId!, new ScoreRequest(id, first!, second!), timeout.Token);
            return new PlaygroundAnswer(score, null);
        }
        catch (HubException exception)
        {
            return PlaygroundAnswer.Failed($"Agent '{agent.Id}' could not score the pair: {exception.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return PlaygroundAnswer.Failed($"Agent '{agent.Id}' did not answer within {AnswerTimeout.TotalMinutes:0} minutes.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The connection closed under the call, for one.
            return PlaygroundAnswer.Failed($"Agent '{agent.Id}' did not answer: {exception.Message}");
        }
    }

    /// <summary>What the run was trained on: one text or a pair, classes or a score (for the page's fields and words).</summary>
    public TaskFacts? TaskOf(int runId) =>
        runs.Get(runId) is { } run ? TaskFacts.For(LabJson.Deserialize<ExperimentSpec>(run.SpecJson).Dataset) : null;

    private static string? CheckQuestion(string? question, string which) =>
        string.IsNullOrWhiteSpace(question) ? $"Type the {which} question."
        : question.Length > MaxQuestionLength ? $"The {which} question is longer than {MaxQuestionLength} characters."
        : null;

    /// <summary>An online agent that lists the model, idle ones first; a checkpoint folder (a path) is left to any online agent.</summary>
    private AgentRecord? AgentFor(string model)
    {
        var online = agents.List().Where(a => a.IsOnline).OrderByDescending(a => a.IsIdle).ToList();
        var offering = online.FirstOrDefault(a => a.Models.Any(m => string.Equals(m.Name, model, StringComparison.OrdinalIgnoreCase)));
        var isPath = model.Contains('/') || model.Contains('\\');
        return offering ?? (isPath ? online.FirstOrDefault() : null);
    }
}
