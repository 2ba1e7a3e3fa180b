using Bunit;
using LabPortal.Portal.Components.Pages.Agents;
using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Components;

public sealed class AgentsPageTests : PageTest
{
    [Fact]
    public void With_no_agents_the_page_says_how_to_add_one()
    {
        var page = Render<AgentsPage>();

        Assert.Contains("No agent has connected yet.", page.Markup);
    }

    [Fact]
    public void An_agent_that_registers_appears_idle_and_turns_busy_when_given_a_run()
    {
        var page = Render<AgentsPage>();

        Lab.ConnectAgent("gpu-box-0");
        page.WaitForAssertion(() => Assert.Equal("idle", page.Find("[data-agent-state]").TextContent));
        Assert.Contains("gpu-box-0", page.Markup);

        var runId = Lab.QueueRun();
        Lab.Lifecycle.TryAssign(runId, "gpu-box-0");

        page.WaitForAssertion(() => Assert.Equal("busy", page.Find("[data-agent-state]").TextContent));
        Assert.Contains($"run {runId}", page.Markup);
    }

    [Fact]
    public void An_agent_that_disconnects_shows_offline()
    {
        Lab.ConnectAgent("laptop");
        var page = Render<AgentsPage>();

        var agent = Lab.Agents.Update("laptop", a =>
        {
            a.ConnectionId = null;
            return true;
        })!;
        Lab.Live.PublishAgent(agent);

        page.WaitForAssertion(() => Assert.Equal("offline", page.Find("[data-agent-state]").TextContent));
    }
}
