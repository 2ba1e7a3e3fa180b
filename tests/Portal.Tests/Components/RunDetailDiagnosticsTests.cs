using Bunit;
using LabPortal.Portal.Components.Pages.Runs;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;
using MudBlazor;

namespace LabPortal.Portal.Tests.Components;

/// <summary>The run page's learning rates, confusion matrix, log, environment, spec and cancel/requeue.</summary>
public sealed class RunDetailDiagnosticsTests : PageTest
{
    [Fact]
    public void The_learning_rate_chart_draws_lr_A_and_lr_B_once_the_agent_reports_them()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));
        Assert.Empty(page.FindAll("[data-testid=lr-chart]"));

        Lab.Report(runId, attempt, agent,
            TestLab.TrainReport(1, 5, 40, 0.7) with { LearningRateA = 1e-3, LearningRateB = 1.6e-2 },
            TestLab.TrainReport(2, 10, 40, 0.6) with { LearningRateA = 9e-4, LearningRateB = 1.44e-2 });

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=lr-chart]")));
        Assert.Equal(["lr_A", "lr_B"], page.FindAll("[data-testid=lr-chart] [data-series]").Select(l => l.GetAttribute("data-series")));
    }

    [Fact]
    public void A_lora_runs_adapters_show_as_a_layer_by_step_heat_map_with_each_value_in_its_cell()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));
        Assert.Empty(page.FindAll("[data-testid=adapter-diagnostics]"));

        Lab.Report(runId, attempt, agent,
            TestLab.TrainReport(1, 5, 40, 0.7) with { Adapters = [new("bert.encoder.layer.0.attention.self.query", 1.2, 0.01, 0.001), new("bert.encoder.layer.1.attention.self.query", 1.3, 0.02, 0.002)] },
            TestLab.TrainReport(2, 10, 40, 0.6) with { Adapters = [new("bert.encoder.layer.0.attention.self.query", 1.2, 0.03, 0.003), new("bert.encoder.layer.1.attention.self.query", 1.3, 0.04, 0.004)] });

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=adapter-heatmap]")));
        Assert.Equal(["0 attention.self.query", "1 attention.self.query"], page.FindAll("[data-testid=adapter-heatmap] tr[data-layer] th").Select(th => th.TextContent));
        var secondLayer = page.FindAll("[data-layer='bert.encoder.layer.1.attention.self.query'] td");
        Assert.Equal(["5", "10"], secondLayer.Select(td => td.GetAttribute("data-step")));
        Assert.Equal(["0.002", "0.004"], secondLayer.Select(td => td.GetAttribute("data-value")));
        Assert.Contains("‖B‖ 0.04", secondLayer[1].GetAttribute("title"));
        Assert.Empty(page.FindAll("[data-testid=adapter-warning]"));
    }

    [Fact]
    public void The_adapter_map_warns_when_B_stays_at_zero_and_when_an_update_outgrows_its_weight()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        Lab.Report(runId, attempt, agent,
            TestLab.TrainReport(1, 20, 40, 0.7) with { Adapters = [new("encoder.layer.0.query", 1.2, 0, 0), new("encoder.layer.0.value", 1.3, 9.5, 1.8)] });

        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        var warnings = page.FindAll("[data-testid=adapter-warning]").Select(w => w.TextContent).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.Contains("B is still zero in layer 0 query", warnings[0]);
        Assert.Contains("changed layer 0 value by more than the pretrained weight itself", warnings[1]);
        Assert.Contains("1.8", warnings[1]);
    }

    [Fact]
    public void A_run_without_lora_rates_shows_no_learning_rate_chart()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        Lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 5, 40, 0.7), TestLab.TrainReport(2, 10, 40, 0.6));

        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        Assert.Empty(page.FindAll("[data-testid=lr-chart]"));
    }

    [Fact]
    public void The_confusion_matrix_puts_each_final_count_in_its_cell()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        Lab.Lifecycle.Complete(agent, new RunCompletion
        {
            AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 4, Evaluation = new ConfusionCounts(30, 10, 50, 7) },
        });

        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        var matrix = page.Find("[data-testid=confusion-matrix]");
        Assert.Contains("Predicted duplicate", matrix.TextContent);
        Assert.Contains("Actually not duplicate", matrix.TextContent);
        Assert.Equal(
            ["30", "7", "10", "50"],
            new[] { "tp", "fn", "fp", "tn" }.Select(cell => page.Find($"[data-cell={cell}]").TextContent));
    }

    [Fact]
    public void The_log_tail_shows_the_agents_lines_as_they_arrive()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        Lab.Lifecycle.AcceptLog(agent, new RunLog(agent, runId, attempt, ["run 1 attempt 1: training tiny"]));
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));
        Assert.Equal("run 1 attempt 1: training tiny", page.Find("[data-testid=log-tail]").TextContent);

        Lab.Lifecycle.AcceptLog(agent, new RunLog(agent, runId, attempt, ["step 2/40  loss 0.6931", "step 4/40  loss 0.6800"]));

        page.WaitForAssertion(() => Assert.Equal(
            "run 1 attempt 1: training tiny\nstep 2/40  loss 0.6931\nstep 4/40  loss 0.6800", page.Find("[data-testid=log-tail]").TextContent));
    }

    [Fact]
    public void The_environment_names_the_agent_its_machine_device_and_versions_the_precision_it_trained_in_and_the_data_fingerprint()
    {
        var (runId, attempt, agent) = Lab.StartRun("gpu-box");
        Lab.Agents.Update(agent, a => a.Versions.TryAdd("TorchSharp", "0.105.1"));
        Lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, "out of memory"));
        Lab.Control.Requeue(runId);
        Lab.Lifecycle.TryAssign(runId, agent);
        var hash = new string('a', 64);
        Lab.Lifecycle.Complete(agent, new RunCompletion
        {
            AgentId = agent, RunId = runId, Attempt = attempt + 1, Outcome = new() { Steps = 4, Evaluation = new ConfusionCounts(1, 1, 1, 1), DatasetFingerprint = hash, Precision = PrecisionKind.Bf16Frozen },
        });

        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        Assert.Equal("gpu-box", page.Find("[data-testid=env-agent]").TextContent);
        Assert.Equal("test-machine", page.Find("[data-testid=env-machine]").TextContent);
        Assert.Equal("0.105.1", page.Find("[data-version=TorchSharp]").TextContent);
        Assert.Equal(hash, page.Find("[data-testid=env-dataset]").TextContent);
        Assert.Equal("bf16-frozen", page.Find("[data-testid=env-precision]").TextContent);
        Assert.Equal(2, page.FindAll("[data-testid=attempts] tbody tr").Count);
    }

    [Fact]
    public void The_full_spec_is_shown_as_indented_json()
    {
        var runId = Lab.QueueRun(seed: 7);

        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        var json = page.Find("[data-testid=spec-json]").TextContent;
        Assert.Contains("\n  \"seed\": 7", json);
        Assert.Contains("\"model\": \"tiny\"", json);
    }

    [Fact]
    public void Copy_json_puts_the_spec_exactly_as_shown_on_the_clipboard_and_says_copied()
    {
        var runId = Lab.QueueRun(seed: 7);
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        page.Find("[data-testid=copy-spec]").Click();

        var call = JSInterop.VerifyInvoke(CopyButton.Function);
        Assert.Equal(page.Find("[data-testid=spec-json]").TextContent, Assert.Single(call.Arguments));
        Assert.Contains("Copied", Services.GetRequiredService<ISnackbar>().ShownSnackbars.Select(s => s.Message));
    }

    [Fact]
    public void A_browser_that_refuses_the_copy_is_told_to_copy_by_hand()
    {
        var runId = Lab.QueueRun(seed: 7);
        JSInterop.SetupVoid(CopyButton.Function, _ => true).SetException(new JSException("clipboard blocked"));
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        page.Find("[data-testid=copy-spec]").Click();

        Assert.Contains("copy it by hand", Assert.Single(Services.GetRequiredService<ISnackbar>().ShownSnackbars).Message);
    }

    [Fact]
    public void The_cancel_button_cancels_a_running_run_tells_its_agent_and_the_page_shows_it_canceled()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        Lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 10, 40, 0.7), TestLab.TrainReport(2, 20, 40, 0.6));
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        page.Find("[data-testid=cancel]").Click();

        page.WaitForAssertion(() => Assert.Contains("Canceled", page.Find("[data-state]").TextContent));
        Assert.Equal([($"connection-{agent}", runId)], Lab.Commands.Cancels);
        Assert.Contains("What it reported before is kept", page.Find("[data-testid=canceled]").TextContent);
        Assert.Equal("Step 20 / 40", page.Find("[data-testid=step]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=cancel]"));
    }

    [Fact]
    public void Requeue_on_a_failed_run_queues_it_again_keeping_the_failed_attempt()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        Lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, "out of memory"));
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));
        Assert.Equal("out of memory", page.Find("[data-testid=failure-reason]").TextContent.Trim());

        page.Find("[data-testid=requeue]").Click();

        page.WaitForAssertion(() => Assert.Contains("Queued", page.Find("[data-state]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=failure-reason]"));
        Assert.Equal(RunState.Queued, Lab.Runs.Get(runId)!.State);
        Assert.Contains("Failed", page.Find("[data-testid=attempts]").TextContent);
    }
}
