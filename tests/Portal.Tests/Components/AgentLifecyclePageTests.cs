using Bunit;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Components.Pages.Agents;
using LabPortal.Portal.Tests.Support;

namespace LabPortal.Portal.Tests.Components;

/// <summary>The Agents page's states and actions: draining, lost, heartbeat age, current run, remove.</summary>
public sealed class AgentLifecyclePageTests : PageTest
{
    // Drain and remove are admin actions.
    public AgentLifecyclePageTests() => Auth.SetRoles(UserRoles.Admin);

    [Fact]
    public void A_member_sees_the_agents_but_no_drain_or_remove_buttons()
    {
        Auth.SetRoles(UserRoles.Member);
        Lab.ConnectAgent("gpu-1");

        var page = Render<AgentsPage>();

        Assert.Contains("gpu-1", page.Markup);
        Assert.Empty(page.FindAll("[data-testid=drain-gpu-1]"));
    }

    [Fact]
    public void The_drain_button_drains_the_agent_and_undrain_brings_it_back()
    {
        Lab.ConnectAgent("box");
        var page = Render<AgentsPage>();

        page.Find("[data-testid=drain-box]").Click();

        page.WaitForAssertion(() => Assert.Equal("draining", page.Find("[data-agent-state]").TextContent));
        Assert.True(Lab.Agents.Get("box")!.Draining);

        page.Find("[data-testid=undrain-box]").Click();

        page.WaitForAssertion(() => Assert.Equal("idle", page.Find("[data-agent-state]").TextContent));
        Assert.False(Lab.Agents.Get("box")!.Draining);
    }

    [Fact]
    public void A_busy_agent_shows_its_run_with_progress()
    {
        var (runId, attempt, agent) = Lab.StartRun("worker");
        var page = Render<AgentsPage>();

        Lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 10, 40, 0.7));

        page.WaitForAssertion(() => Assert.Equal("busy", page.Find("[data-agent-state]").TextContent));
        Assert.Equal($"/runs/{runId}", page.Find("[data-testid=current-run-worker]").GetAttribute("href"));
        page.WaitForAssertion(() => Assert.Equal("25", page.Find("[data-testid=run-progress-worker]").GetAttribute("aria-valuenow")));
    }

    [Fact]
    public void An_agent_that_stops_sending_heartbeats_turns_lost_and_the_age_counts_up()
    {
        Lab.ConnectAgent("quiet");
        var page = Render<AgentsPage>();
        Assert.Equal("just now", page.Find("[data-testid=last-seen-quiet]").TextContent);

        Lab.Clock.Advance(TimeSpan.FromSeconds(12));
        page.WaitForAssertion(() => Assert.Equal("12 s ago", page.Find("[data-testid=last-seen-quiet]").TextContent));
        Assert.Equal("idle", page.Find("[data-agent-state]").TextContent);

        Lab.Clock.Advance(TimeSpan.FromSeconds(4)); // 16 s: more than three 5-second heartbeats missed
        page.WaitForAssertion(() => Assert.Equal("lost", page.Find("[data-agent-state]").TextContent));
    }

    [Fact]
    public void An_agent_that_disconnects_while_holding_a_run_shows_lost_and_can_be_removed()
    {
        Lab.StartRun("flaky");
        var page = Render<AgentsPage>();
        Assert.Empty(page.FindAll("[data-testid=remove-flaky]"));

        var agent = Lab.DisconnectAgent("flaky");
        Lab.Live.PublishAgent(agent);

        page.WaitForAssertion(() => Assert.Equal("lost", page.Find("[data-agent-state]").TextContent));
        page.Find("[data-testid=remove-flaky]").Click();

        page.WaitForAssertion(() => Assert.Contains("No agent has connected yet.", page.Markup));
        Assert.Null(Lab.Agents.Get("flaky"));
    }

    [Fact]
    public void The_hardware_shows_device_threads_and_memory()
    {
        Lab.ConnectAgent("gpu");
        Lab.Agents.Update("gpu", a =>
        {
            a.Device = "cuda:0";
            a.DeviceName = "CUDA device 0";
            a.CpuThreads = 12;
            a.MemoryBytes = 32L << 30;
            return true;
        });

        var page = Render<AgentsPage>();

        var hardware = page.Find("[data-testid=hardware-gpu]").TextContent;
        Assert.Contains("cuda:0 CUDA device 0", hardware);
        Assert.Contains("12 threads · 32 GiB", hardware);
    }
}
