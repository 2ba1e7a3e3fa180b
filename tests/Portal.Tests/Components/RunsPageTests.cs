using Bunit;
using LabPortal.Portal.Components.Pages.Runs;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;

namespace LabPortal.Portal.Tests.Components;

public sealed class RunsPageTests : PageTest
{
    [Fact]
    public void With_no_runs_the_page_points_to_the_form()
    {
        var page = Render<RunsPage>();

        Assert.Contains("No runs yet.", page.Markup);
    }

    [Fact]
    public void A_new_run_appears_live_and_its_row_follows_it_to_success()
    {
        var page = Render<RunsPage>();

        var (runId, attempt, agent) = Lab.StartRun();
        page.WaitForAssertion(() => Assert.Contains($"#{runId}", page.Markup));
        Assert.Equal("Assigned", page.Find("[data-state]").TextContent);

        Lab.Lifecycle.Complete(agent, new RunCompletion
        {
            AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 10, Evaluation = new ConfusionCounts(30, 10, 50, 10) },
        });

        page.WaitForAssertion(() => Assert.Equal("Succeeded", page.Find("[data-state]").TextContent));
        Assert.Contains("0.800", page.Markup);
    }

    [Fact]
    public void The_newest_run_is_listed_first()
    {
        var first = Lab.QueueRun("first");
        var second = Lab.QueueRun("second");

        var page = Render<RunsPage>();

        var links = page.FindAll("a").Select(a => a.TextContent).Where(t => t.StartsWith('#')).ToList();
        Assert.Equal([$"#{second}", $"#{first}"], links);
    }
}
