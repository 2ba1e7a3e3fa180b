using Bunit;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Components.Pages.Admin;
using LabPortal.Portal.Components.Pages.Compare;
using LabPortal.Portal.Components.Pages.Datasets;
using LabPortal.Portal.Components.Pages.Experiments;
using LabPortal.Portal.Components.Pages.Queue;
using LabPortal.Portal.Components.Pages.Runs;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Components;

/// <summary>
/// The page states no other page test showed (empty, live, finished, failed); docs/page-states.md has the whole
/// matrix of pages × states and the test behind each cell.
/// </summary>
public sealed class PageStatesTests : PageTest
{
    public PageStatesTests()
    {
        Services.AddSingleton(new AgentTokens("portal-wide-token", Lab.Database, Lab.Clock));
    }

    [Fact]
    public void A_variant_with_a_failed_seed_averages_the_seeds_that_succeeded_and_says_one_failed()
    {
        var runIds = Submit("three seeds", 1, 2, 3);
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, Lab.Runs.Get(runIds[0])!.ExperimentId));

        // Accuracy 0.80 and 0.90 on the two seeds that succeeded: 0.850 ± 0.071; the third seed's failure is not a zero.
        Finish(runIds[0], new ConfusionCounts(30, 10, 50, 10));
        Finish(runIds[1], new ConfusionCounts(35, 5, 55, 5));
        Fail(runIds[2], "out of memory");

        page.WaitForAssertion(() => Assert.Equal("2 / 3 · 1 failed", page.Find("[data-testid=seeds-done]").TextContent));
        Assert.Equal("0.850 ± 0.071", page.Find("[data-metric=accuracy]").TextContent);
        Assert.Contains(page.FindAll("[data-state]"), chip => chip.TextContent == "Failed");
    }

    [Fact]
    public void An_experiment_whose_runs_are_all_queued_shows_each_row_at_zero_with_no_numbers_then_follows_a_run_starting()
    {
        var experiment = Lab.Submissions.Submit(DemoRequests.Of("ablation", new MethodSpec(), [1], PresetKind.PaperAblation), UserName).Experiment!;
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experiment.Id));

        var measured = page.FindAll("tr[data-reported='false']");
        Assert.Equal(4, measured.Count);
        Assert.All(measured, row =>
        {
            Assert.Equal("0 / 1", row.QuerySelector("[data-testid=seeds-done]")!.TextContent);
            Assert.Equal("", row.QuerySelector("[data-metric=accuracy]")!.TextContent);
            Assert.Equal("", row.QuerySelector("[data-testid=significance]")!.TextContent);
        });
        Assert.All(page.FindAll("[data-state]"), chip => Assert.Equal("Queued", chip.TextContent));

        Lab.ConnectAgent();
        Lab.Lifecycle.TryAssign(experiment.RunIds[0], "agent-1");

        page.WaitForAssertion(() => Assert.Equal(["Assigned", "Queued", "Queued", "Queued"], page.FindAll("[data-state]").Select(c => c.TextContent)));
    }

    [Fact]
    public void A_queued_run_turns_running_on_the_queue_as_an_agent_takes_it_and_moves_to_recently_ended_when_it_succeeds()
    {
        var runId = Lab.QueueRun();
        var page = Render<QueuePage>();
        Assert.Equal("Queued", page.Find("[data-state]").TextContent);

        Lab.ConnectAgent();
        var attempt = Lab.Lifecycle.TryAssign(runId, "agent-1")!.Attempt;
        Lab.Report(runId, attempt, "agent-1", TestLab.TrainReport(1, 5, 10, 0.5));

        page.WaitForAssertion(() => Assert.Equal("Running", page.Find("[data-state]").TextContent));
        Assert.Equal("agent-1", page.Find($"[data-run-id='{runId}']").Closest("tr")!.Children[6].TextContent);

        Lab.Lifecycle.Complete("agent-1", new RunCompletion { AgentId = "agent-1", RunId = runId, Attempt = attempt, Outcome = new() { Steps = 10, Evaluation = new ConfusionCounts(1, 1, 1, 1) } });

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=queue-empty]")));
        Assert.Equal("Succeeded", page.Find($"[data-ended-run-id='{runId}']").Closest("tr")!.QuerySelector("[data-state]")!.TextContent);
    }

    [Fact]
    public void A_running_run_on_compare_has_no_metrics_until_it_finishes_then_shows_them()
    {
        var runIds = Submit("pair", 1, 2);
        Finish(runIds[0], new ConfusionCounts(30, 10, 50, 10));
        var (agent, attempt) = Assign(runIds[1]);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/compare?runs={runIds[0]},{runIds[1]}");
        var page = Render<ComparePage>();

        Assert.Equal("0.8000", Metric(page, runIds[0], "accuracy"));
        Assert.Equal("", Metric(page, runIds[1], "accuracy"));

        Lab.Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runIds[1], Attempt = attempt, Outcome = new() { Steps = 1, Evaluation = new ConfusionCounts(35, 5, 55, 5) } });

        page.WaitForAssertion(() => Assert.Equal("0.9000", Metric(page, runIds[1], "accuracy")));
        Assert.Equal("Succeeded", page.Find($"[data-testid=compare-metrics] tr[data-run='{runIds[1]}'] [data-state]").TextContent);
    }

    [Fact]
    public void A_run_that_fails_while_the_runs_list_is_open_turns_failed_there()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunsPage>();
        Assert.Equal("Assigned", page.Find("[data-state]").TextContent);

        Lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, "train.tsv is empty."));

        page.WaitForAssertion(() => Assert.Equal("Failed", page.Find("[data-state]").TextContent));
    }

    [Fact]
    public void Cloning_from_a_run_that_does_not_exist_says_so_and_opens_the_defaults()
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("from", 404));
        var page = Render<NewExperiment>();

        Assert.Equal("Run 404 does not exist, so the form starts from the defaults.", page.Find("[data-testid=clone-problem]").TextContent);
        Assert.Equal(new ExperimentForm().SuggestedName(), page.Find("#name").GetAttribute("value"));
        Assert.Equal("data/demo/train.tsv", page.Find("#train-file").GetAttribute("value"));
    }

    [Fact]
    public void With_no_dataset_registered_the_page_says_so()
    {
        var page = Render<DatasetsPage>();

        Assert.Equal("No dataset is registered yet.", page.Find("[data-testid=no-datasets]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=datasets]"));
    }

    [Fact]
    public void With_no_agent_tokens_the_page_says_agents_can_use_the_portal_token()
    {
        Auth.SetRoles(UserRoles.Admin);

        var page = Render<AgentTokensPage>();

        Assert.Contains("No agent tokens issued. Agents can still use the portal-wide token", page.Find("[data-testid=agent-tokens]").TextContent);
    }

    [Fact]
    public void An_issued_agent_token_is_shown_once_listed_by_its_prefix_and_revoking_it_marks_it_revoked()
    {
        Auth.SetRoles(UserRoles.Admin);
        var tokens = Services.GetRequiredService<AgentTokens>();
        var page = Render<AgentTokensPage>();

        page.Find("#agent-token-name").Change("gpu box");
        page.Find("#agent-token-agent").Change("gpu-1");
        page.Find("[data-testid=issue-agent-token]").Click();

        var token = page.Find("[data-testid=issued-agent-token]").TextContent;
        Assert.NotNull(tokens.Authenticate(token));
        var row = page.Find("[data-testid=agent-tokens] tbody tr");
        Assert.Contains("gpu box", row.TextContent);
        Assert.Contains("gpu-1", row.TextContent);
        Assert.Contains($"by {UserName}", row.TextContent);
        Assert.DoesNotContain(token, row.TextContent);

        page.FindAll("[data-testid=agent-tokens] button").Single(b => b.TextContent.Contains("Revoke")).Click();

        Assert.Null(tokens.Authenticate(token));
        Assert.Contains("revoked", page.Find("[data-testid=agent-tokens] tbody tr").TextContent);
    }

    private List<int> Submit(string name, params int[] seeds) =>
        [.. Lab.Submissions.Submit(DemoRequests.Of(name, new MethodSpec { Kind = MethodKind.Lora }, seeds), UserName).Experiment!.RunIds];

    private (string Agent, int Attempt) Assign(int runId)
    {
        var agent = Lab.ConnectAgent($"agent-{runId}");
        return (agent, Lab.Lifecycle.TryAssign(runId, agent)!.Attempt);
    }

    private void Finish(int runId, ConfusionCounts counts)
    {
        var (agent, attempt) = Assign(runId);
        Lab.Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 1, Evaluation = counts } });
    }

    private void Fail(int runId, string reason)
    {
        var (agent, attempt) = Assign(runId);
        Lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, reason));
    }

    private static string Metric(IRenderedComponent<ComparePage> page, int runId, string metric) =>
        page.Find($"[data-testid=compare-metrics] tr[data-run='{runId}'] [data-metric={metric}]").TextContent;
}
