using Bunit;
using LabPortal.Portal.Components.Pages.Queue;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Tests.Components;

public sealed class QueuePageTests : PageTest
{
    [Fact]
    public void With_nothing_queued_the_page_says_so()
    {
        var page = Render<QueuePage>();

        Assert.Contains("Nothing is queued or running.", page.Find("[data-testid=queue-empty]").TextContent);
    }

    [Fact]
    public void Queued_runs_are_listed_highest_priority_first_after_the_running_ones()
    {
        var (running, _, _) = Lab.StartRun();
        var normal = Lab.QueueRun("normal");
        var urgent = Lab.QueueRun("urgent");
        Lab.Control.SetPriority(urgent, 10);

        var page = Render<QueuePage>();

        Assert.Equal([running, urgent, normal], RunIdsShown(page));
        Assert.Equal(["", "1", "2"], page.FindAll("[data-testid=place]").Select(c => c.TextContent));
    }

    [Fact]
    public void A_running_runs_bar_says_how_far_it_is_and_how_long_it_has_left()
    {
        var (running, attempt, agent) = Lab.StartRun();
        var page = Render<QueuePage>();
        Assert.Equal("0 % · ETA –", page.Find($"[data-testid=progress-{running}]").TextContent);

        Lab.Report(running, attempt, agent, TestLab.TrainReport(1, step: 1, totalSteps: 100, loss: 0.7)); // it starts
        Lab.Clock.Advance(TimeSpan.FromSeconds(60));
        Lab.Report(running, attempt, agent, TestLab.TrainReport(2, step: 40, totalSteps: 100, loss: 0.6));

        // 40 steps in the first minute: 60 more at that pace take 90 s.
        page.WaitForAssertion(() => Assert.Equal("40 % · ETA 1m 30s", page.Find($"[data-testid=progress-{running}]").TextContent));
    }

    [Fact]
    public void Raising_a_runs_priority_moves_it_up_the_queue()
    {
        var first = Lab.QueueRun("first");
        var second = Lab.QueueRun("second");
        var page = Render<QueuePage>();
        Assert.Equal([first, second], RunIdsShown(page));

        page.Find($"[data-testid=raise-{second}]").Click();

        page.WaitForAssertion(() => Assert.Equal([second, first], RunIdsShown(page)));
        Assert.Equal(1, Lab.Runs.Get(second)!.Priority);
    }

    [Fact]
    public void The_cancel_button_cancels_a_queued_run_and_it_leaves_the_queue()
    {
        var kept = Lab.QueueRun("kept");
        var dropped = Lab.QueueRun("dropped");
        var page = Render<QueuePage>();

        page.Find($"[data-testid=cancel-{dropped}]").Click();

        Assert.Equal(RunState.Canceled, Lab.Runs.Get(dropped)!.State);
        page.WaitForAssertion(() => Assert.Equal([kept], RunIdsShown(page)));
    }

    [Fact]
    public void Cancelling_a_running_run_from_the_queue_tells_its_agent()
    {
        var (runId, _, agent) = Lab.StartRun();
        var page = Render<QueuePage>();

        page.Find($"[data-testid=cancel-{runId}]").Click();

        Assert.Equal([($"connection-{agent}", runId)], Lab.Commands.Cancels);
        page.WaitForAssertion(() => Assert.Empty(RunIdsShown(page)));
    }

    [Fact]
    public void A_canceled_run_moves_to_recently_ended_where_requeue_puts_it_back_in_the_queue()
    {
        var runId = Lab.QueueRun();
        var page = Render<QueuePage>();
        Assert.Empty(page.FindAll("[data-testid=recently-ended]"));

        page.Find($"[data-testid=cancel-{runId}]").Click();
        page.WaitForAssertion(() => Assert.Equal(runId.ToString(), page.Find("[data-ended-run-id]").GetAttribute("data-ended-run-id")));

        page.Find($"[data-testid=requeue-{runId}]").Click();

        page.WaitForAssertion(() => Assert.Equal([runId], RunIdsShown(page)));
        Assert.Equal(RunState.Queued, Lab.Runs.Get(runId)!.State);
        Assert.Empty(page.FindAll("[data-testid=recently-ended]"));
    }

    [Fact]
    public void A_progress_batch_updates_its_runs_row_without_reading_every_run_again()
    {
        var (running, attempt, agent) = Lab.StartRun();
        Lab.Report(running, attempt, agent, TestLab.TrainReport(1, step: 1, totalSteps: 100, loss: 0.7)); // Assigned → Running
        var page = Render<QueuePage>();
        // Stored behind the pages' back: only a page that reads the store again can show it.
        var unannounced = Lab.Database.Runs.Insert(new RunRecord { State = RunState.Queued, SpecJson = "{}", CreatedAt = Lab.Clock.GetUtcNow().UtcDateTime }).AsInt32;

        Lab.Report(running, attempt, agent, TestLab.TrainReport(2, step: 40, totalSteps: 100, loss: 0.6));

        page.WaitForAssertion(() => Assert.StartsWith("40 %", page.Find($"[data-testid=progress-{running}]").TextContent));
        Assert.Equal([running], RunIdsShown(page));

        var announced = Lab.QueueRun("announced"); // a new run can change the order: the lists are read again

        page.WaitForAssertion(() => Assert.Equal([running, unannounced, announced], RunIdsShown(page)));
    }

    [Fact]
    public void A_run_changes_place_only_when_its_state_or_priority_changes()
    {
        var held = new RunRecord { Id = 1, State = RunState.Running, Step = 1 };
        var ended = new RunRecord { Id = 2, State = RunState.Succeeded };
        List<RunRecord> unfinished = [held], endedRows = [ended];

        Assert.True(QueueRows.TryReplace(unfinished, endedRows, new RunRecord { Id = 1, State = RunState.Running, Step = 2 }));
        Assert.Equal(2, unfinished[0].Step);
        Assert.True(QueueRows.TryReplace(unfinished, endedRows, new RunRecord { Id = 2, State = RunState.Succeeded, Notes = "kept" }));
        Assert.Equal("kept", endedRows[0].Notes);
        Assert.True(QueueRows.TryReplace(unfinished, endedRows, new RunRecord { Id = 9, State = RunState.Failed })); // ended long ago

        Assert.False(QueueRows.TryReplace(unfinished, endedRows, new RunRecord { Id = 1, State = RunState.Succeeded }));
        Assert.False(QueueRows.TryReplace(unfinished, endedRows, new RunRecord { Id = 1, State = RunState.Running, Priority = 5 }));
        Assert.False(QueueRows.TryReplace(unfinished, endedRows, new RunRecord { Id = 2, State = RunState.Queued }));
        Assert.False(QueueRows.TryReplace(unfinished, endedRows, new RunRecord { Id = 9, State = RunState.Queued }));
    }

    private static List<int> RunIdsShown(IRenderedComponent<QueuePage> page) =>
        page.FindAll("[data-run-id]").Select(a => int.Parse(a.GetAttribute("data-run-id")!)).ToList();
}
