using Bunit;
using LabPortal.Portal.Components.Pages.Playground;
using LabPortal.Portal.Components.Pages.Runs;
using LabPortal.Portal.Services.Playground;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Models;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Components;

public sealed class PlaygroundPageTests : PageTest
{
    private static readonly ModelInfo Tiny = new("tiny", "tiny test model", 1_000_000, 128, 2);
    private readonly ScriptedAgentCalls _agent = new();

    public PlaygroundPageTests()
    {
        Services.AddSingleton<IAgentCalls>(_agent);
        Services.AddSingleton<PairScoring>();
    }

    [Fact]
    public void With_no_succeeded_run_the_playground_says_there_is_nothing_to_try_yet()
    {
        Lab.QueueRun();

        var page = Render<PlaygroundPage>();

        Assert.Contains("No run has succeeded yet", page.Find("[data-testid=no-runs]").TextContent);
    }

    [Fact]
    public void A_succeeded_run_page_has_a_try_it_link_to_the_playground_on_that_run()
    {
        var runId = SucceededRun(MethodKind.Lora);

        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        Assert.Equal($"/playground?run={runId}", page.Find("[data-testid=try-it]").GetAttribute("href"));
    }

    [Fact]
    public void Scoring_a_pair_shows_the_agents_probability_S_match_threshold_and_decision()
    {
        var runId = SucceededRun(MethodKind.EnhancedLora);
        Lab.ConnectAgent("agent-2", Tiny);
        _agent.Answer = new PairScore
        {
            RunId = runId, AgentId = "agent-2", Probability = 0.8125, MatchScore = 0.43, Threshold = 0.4,
            Alignment = 0.9, Density = 0.5, LengthBalance = 0.75, IsDuplicate = true, AgentMilliseconds = 23.4,
        };
        var page = OpenPlayground(runId);

        Ask(page, "How do clouds form?", "What process creates clouds?");

        page.WaitForAssertion(() => Assert.Equal("0.8125", page.Find("[data-testid=probability]").TextContent));
        Assert.Equal("0.4300", page.Find("[data-testid=match-score]").TextContent);
        Assert.Equal("0.4000", page.Find("[data-testid=threshold]").TextContent);
        Assert.Equal("Duplicate", page.Find("[data-testid=decision]").TextContent);
        Assert.Contains("mud-success-text", page.Find("[data-testid=decision]").ClassName); // the answer reads at a glance
        Assert.Contains("agent-2 in 23 ms", page.Markup);
        var (connection, request) = Assert.Single(_agent.Asked);
        Assert.Equal("connection-agent-2", connection);
        Assert.Equal(new ScoreRequest(runId, "How do clouds form?", "What process creates clouds?"), request);
    }

    [Fact]
    public void A_run_without_density_matching_shows_the_probability_and_the_classifiers_rule()
    {
        var runId = SucceededRun(MethodKind.Lora);
        Lab.ConnectAgent("agent-2", Tiny);
        _agent.Answer = new PairScore { RunId = runId, AgentId = "agent-2", Probability = 0.25, IsDuplicate = false };
        var page = OpenPlayground(runId);

        Ask(page, "a", "b");

        page.WaitForAssertion(() => Assert.Equal("Not a duplicate", page.Find("[data-testid=decision]").TextContent));
        Assert.DoesNotContain("mud-success-text", page.Find("[data-testid=decision]").ClassName);
        Assert.Contains("probability > 0.5", page.Find("[data-testid=rule]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=match-score]"));
    }

    [Fact]
    public void A_single_sentence_run_asks_for_one_text_and_sends_only_that()
    {
        var runId = SucceededRun(MethodKind.Lora, task: TaskKind.Sst2);
        Lab.ConnectAgent("agent-2", Tiny);
        _agent.Answer = new PairScore { RunId = runId, AgentId = "agent-2", Probability = 0.9, IsDuplicate = true, Decision = "positive", PositiveClass = "positive" };
        var page = OpenPlayground(runId);
        Assert.Empty(page.FindAll("#second"));

        page.Find("#first").Change("A warm, funny film.");
        page.Find("[data-testid=score]").Click();

        page.WaitForAssertion(() => Assert.Equal("positive", page.Find("[data-testid=decision]").TextContent));
        Assert.Equal(new ScoreRequest(runId, "A warm, funny film.", ""), Assert.Single(_agent.Asked).Request);
    }

    [Fact]
    public void A_regression_run_shows_its_predicted_score_and_a_three_class_run_its_class_and_rule()
    {
        var stsb = SucceededRun(MethodKind.Lora, task: TaskKind.Stsb);
        Lab.ConnectAgent("agent-2", Tiny);
        _agent.Answer = new PairScore { RunId = stsb, AgentId = "agent-2", PredictedScore = 3.4167, Decision = "3.42", DecisionRule = "the regression head's output is the score" };
        var page = OpenPlayground(stsb);

        Ask(page, "A man plays a guitar.", "A man is playing music.");

        page.WaitForAssertion(() => Assert.Equal("Score 3.42", page.Find("[data-testid=decision]").TextContent));
        Assert.Equal("3.4167", page.Find("[data-testid=predicted-score]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=probability]"));

        var mnli = SucceededRun(MethodKind.Lora, task: TaskKind.Mnli);
        _agent.Answer = new PairScore { RunId = mnli, AgentId = "agent-2", Probability = 0.61, Decision = "neutral", PositiveClass = "neutral", DecisionRule = "the most probable of the 3 classes" };
        page = OpenPlayground(mnli);

        Ask(page, "A man plays a guitar.", "The man is famous.");

        page.WaitForAssertion(() => Assert.Equal("neutral", page.Find("[data-testid=decision]").TextContent));
        Assert.Equal("the most probable of the 3 classes", page.Find("[data-testid=rule]").TextContent);
        Assert.Equal("0.6100", page.Find("[data-testid=probability]").TextContent);
    }

    [Fact]
    public void An_empty_question_is_refused_without_asking_an_agent()
    {
        var runId = SucceededRun(MethodKind.Lora);
        Lab.ConnectAgent("agent-2", Tiny);
        var page = OpenPlayground(runId);

        Ask(page, "How do clouds form?", "");

        page.WaitForAssertion(() => Assert.Equal("Type the second question.", page.Find("[data-testid=error]").TextContent));
        Assert.Empty(_agent.Asked);
    }

    [Fact]
    public void Without_an_online_agent_offering_the_model_the_playground_says_so()
    {
        var runId = SucceededRun(MethodKind.Lora);
        Lab.ConnectAgent("agent-2", new ModelInfo("minilm", "other", 22_000_000, 384, 6));
        var page = OpenPlayground(runId);

        Ask(page, "a", "b");

        page.WaitForAssertion(() => Assert.Contains("No online agent offers the model 'tiny'", page.Find("[data-testid=error]").TextContent));
        Assert.Empty(_agent.Asked);
    }

    [Fact]
    public void A_run_whose_adapter_was_never_uploaded_names_the_missing_file()
    {
        var runId = SucceededRun(MethodKind.Lora, upload: [ArtifactNames.Result]);

        var page = OpenPlayground(runId);

        Assert.Equal($"Run {runId} has no adapter.zip on the portal; its agent did not upload it.", page.Find("[data-testid=error]").TextContent);
    }

    [Fact]
    public void A_full_fine_tuning_run_says_it_keeps_no_weights_to_score_with()
    {
        var runId = SucceededRun(MethodKind.Full, upload: [ArtifactNames.Result]);

        var page = OpenPlayground(runId);

        Assert.Contains("full fine-tuning, which keeps no weights", page.Find("[data-testid=error]").TextContent);
        Assert.Empty(Render<RunDetail>(p => p.Add(x => x.RunId, runId)).FindAll("[data-testid=try-it]"));
    }

    [Fact]
    public void A_run_that_is_not_finished_cannot_be_tried()
    {
        var runId = Lab.QueueRun();

        var page = OpenPlayground(runId);

        Assert.Equal($"Run {runId} is queued; only a succeeded run has a trained model to try.", page.Find("[data-testid=error]").TextContent);
    }

    [Fact]
    public void The_playground_opened_for_a_run_that_does_not_exist_says_so_and_picks_no_other()
    {
        var other = SucceededRun(MethodKind.Lora);

        var page = OpenPlayground(other + 100);

        Assert.Equal($"Run {other + 100} does not exist.", page.Find("[data-testid=error]").TextContent);
        // The run picker shows no run: the one that exists is not tried in the missing one's place.
        Assert.Equal("", page.Find("[data-testid=run]").TextContent.Trim());
    }

    [Fact]
    public void An_agents_error_is_shown_with_the_agent_that_gave_it()
    {
        var runId = SucceededRun(MethodKind.Lora);
        Lab.ConnectAgent("agent-2", Tiny);
        _agent.AgentError = "Run 1: adapter.zip is corrupt: End of Central Directory record could not be found.";
        var page = OpenPlayground(runId);

        Ask(page, "a", "b");

        page.WaitForAssertion(() => Assert.Equal(
            "Agent 'agent-2' could not score the pair: Run 1: adapter.zip is corrupt: End of Central Directory record could not be found.",
            page.Find("[data-testid=error]").TextContent));
    }

    private static void Ask(IRenderedComponent<PlaygroundPage> page, string first, string second)
    {
        page.Find("#first").Change(first);
        page.Find("#second").Change(second);
        page.Find("[data-testid=score]").Click();
    }

    /// <summary>The page as "Try it" opens it: /playground?run=ID.</summary>
    private IRenderedComponent<PlaygroundPage> OpenPlayground(int runId)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("run", runId));
        return Render<PlaygroundPage>();
    }

    /// <summary>A run of the method that went through queue, agent and completion, with the named files stored.</summary>
    private int SucceededRun(MethodKind method, string[]? upload = null, TaskKind task = TaskKind.Qqp)
    {
        var spec = new ExperimentSpec { Method = new MethodSpec { Kind = method }, Dataset = new DatasetSpec { Task = task } };
        var run = new RunRecord { SpecJson = LabJson.Serialize(spec), Seed = spec.Seed, State = RunState.Queued, Variant = method.ToString() };
        var runId = Lab.Experiments.Create(new ExperimentRecord { Name = "playground", SpecJson = run.SpecJson }, [run]).RunIds[0];
        Lab.ConnectAgent("agent-1");
        var attempt = Lab.Lifecycle.TryAssign(runId, "agent-1")!.Attempt;
        Lab.Lifecycle.Complete("agent-1", new RunCompletion { AgentId = "agent-1", RunId = runId, Attempt = attempt, Outcome = new() { Evaluation = new ConfusionCounts(1, 1, 1, 1) } });
        foreach (var name in upload ?? [ArtifactNames.Result, ArtifactNames.WeightsOf(method)!])
        {
            using var content = new MemoryStream([1, 2, 3]);
            Lab.Artifacts.Save(runId, attempt, name, content);
        }

        return runId;
    }
}
