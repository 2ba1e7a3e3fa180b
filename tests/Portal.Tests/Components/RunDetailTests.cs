using Bunit;
using LabPortal.Portal.Components.Pages.Runs;
using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Services;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Models;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Components;

public sealed class RunDetailTests : PageTest
{

    [Fact]
    public void A_queued_run_shows_an_empty_progress_bar_and_no_metrics()
    {
        var runId = Lab.QueueRun();

        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        Assert.Contains("Queued", page.Find("[data-state]").TextContent);
        Assert.Equal("Step 0 / 0", page.Find("[data-testid=step]").TextContent);
        Assert.Equal("ETA –", page.Find("[data-testid=eta]").TextContent);
        Assert.Contains("Shown when the run succeeds", page.Markup);
    }

    [Fact]
    public void Progress_reports_move_the_bar_and_give_eta_and_throughput()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        Lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 10, 40, loss: 0.69, examplesPerSecond: 30));
        Lab.Clock.Advance(TimeSpan.FromSeconds(30));
        Lab.Report(runId, attempt, agent, TestLab.TrainReport(2, 20, 40, loss: 0.61, examplesPerSecond: 32.5));

        // 20 of 40 steps took 30 s, so 20 more take another 30 s.
        page.WaitForAssertion(() => Assert.Equal("Step 20 / 40", page.Find("[data-testid=step]").TextContent));
        Assert.Equal("50%", page.Find("[data-testid=percent]").TextContent);
        Assert.Equal("ETA 30s", page.Find("[data-testid=eta]").TextContent);
        Assert.Equal("32.5 examples/s", page.Find("[data-testid=throughput]").TextContent);
        Assert.Contains("Running", page.Find("[data-state]").TextContent);
    }

    [Fact]
    public void A_finished_run_shows_how_long_it_took_instead_of_an_eta()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));
        Lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 5, 10, loss: 0.69));
        Lab.Clock.Advance(TimeSpan.FromSeconds(754));

        Lab.Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 10, Evaluation = new ConfusionCounts(1, 1, 1, 1) } });

        page.WaitForAssertion(() => Assert.Equal("Took 12m 34s", page.Find("[data-testid=eta]").TextContent));
    }

    [Fact]
    public void A_finished_three_class_run_shows_macro_f1_and_its_confusion_matrix_instead_of_binary_cells()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));
        var mnli = ConfusionCounts.Of(new ClassConfusion { Rows = [[30, 5, 5], [4, 28, 8], [2, 6, 32]] });

        Lab.Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 10, Evaluation = mnli } });

        page.WaitForAssertion(() => Assert.Equal("30 5 5 / 4 28 8 / 2 6 32", page.Find("[data-testid=final-metrics] [data-testid=class-confusion]").TextContent));
        Assert.Equal("0.7500", page.Find("[data-testid=final-metrics] [data-metric=accuracy]").TextContent);
        Assert.Contains("Macro-F1", page.Find("[data-testid=final-metrics]").TextContent);
        Assert.DoesNotContain("TP / FP", page.Find("[data-testid=final-metrics]").TextContent);
    }

    [Fact]
    public void A_finished_regression_run_shows_pearson_spearman_and_the_squared_error()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        Lab.Lifecycle.Complete(agent, new RunCompletion
        {
            AgentId = agent, RunId = runId, Attempt = attempt,
            Outcome = new() { Steps = 10, Evaluation = ConfusionCounts.Empty, Regression = new RegressionScores(0.8123, 0.7991, 0.6012, 345) },
        });

        page.WaitForAssertion(() => Assert.Equal("0.8123", page.Find("[data-testid=final-metrics] [data-metric=pearson]").TextContent));
        Assert.Equal("0.7991", page.Find("[data-testid=final-metrics] [data-metric=spearman]").TextContent);
        Assert.Empty(page.FindAll("[data-testid=final-metrics] [data-metric=accuracy]"));
    }

    [Fact]
    public void A_regression_runs_evaluations_are_charted_and_listed_as_pearson_spearman_and_squared_error()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        Lab.Report(runId, attempt, agent, ScoreReport(1, 5, new RegressionScores(0.612, 0.598, 1.21, 345)), ScoreReport(2, 10, new RegressionScores(0.745, 0.731, 0.83, 345)));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=evaluation-row]").Count));
        Assert.Equal(["10", "2", "0.5000", "0.745", "0.731", "0.830"], page.FindAll("[data-testid=evaluation-row]")[1].QuerySelectorAll("td").Select(td => td.TextContent));
        var evaluations = page.Find("[data-testid=evaluation-row]").Closest(".mud-paper")!.TextContent;
        Assert.Contains("Pearson", evaluations);
        Assert.DoesNotContain("Accuracy", evaluations);
        Assert.DoesNotContain("accuracy", evaluations);
        Assert.Contains("the regression head's scores", page.Find("[data-testid=curve-rule]").TextContent);
    }

    [Fact]
    public void A_requeued_runs_loss_chart_offers_its_earlier_attempt_as_a_hidden_line()
    {
        var runId = Lab.QueueRun();
        Lab.Metrics.Append(runId, 1, [TestLab.TrainReport(1, 5, 40, 0.7), TestLab.TrainReport(2, 10, 40, 0.6), TestLab.TrainReport(3, 15, 40, 0.5)]);
        Lab.Metrics.Append(runId, 2, [TestLab.TrainReport(1, 5, 40, 0.69), TestLab.TrainReport(2, 10, 40, 0.58)]);

        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        Assert.Equal(["2", "3"], page.FindAll("[data-series='training loss'], [data-series='attempt 1']").Select(s => s.GetAttribute("data-points")));
    }

    [Fact]
    public void A_c3_runs_evaluation_chart_draws_s_match_dashed_beside_each_classifier_curve()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        Lab.Report(runId, attempt, agent,
            MatchedReport(1, 5, new ConfusionCounts(7, 1, 1, 1), new ConfusionCounts(5, 1, 1, 3)),
            MatchedReport(2, 10, new ConfusionCounts(8, 1, 1, 0), new ConfusionCounts(6, 2, 0, 2)));

        page.WaitForAssertion(() => Assert.Equal(
            ["accuracy", "accuracy (S_match)", "F1", "F1 (S_match)", "MCC", "MCC (S_match)"],
            page.FindAll("[data-series]").Select(s => s.GetAttribute("data-series")).Where(n => n is not "training loss")));
        Assert.Contains("last 0.6 at step 10", page.Find("[data-series='accuracy (S_match)']").TextContent);
        Assert.Contains("dashed: the same pairs decided by S_match ≥ τ", page.Find("[data-testid=curve-rule]").TextContent);
    }

    private static ProgressReport MatchedReport(long sequence, int step, ConfusionCounts classifier, ConfusionCounts matching) => new()
    {
        Sequence = sequence, Time = DateTimeOffset.UtcNow, Kind = ProgressKind.Eval, Step = step, TotalSteps = 10, Loss = 0.5,
        Evaluation = classifier, Matching = matching,
    };

    private static ProgressReport ScoreReport(long sequence, int step, RegressionScores scores) => new()
    {
        Sequence = sequence, Time = DateTimeOffset.UtcNow, Kind = ProgressKind.Eval, Step = step, TotalSteps = 10, Epoch = step / 5.0, Loss = 0.5, Regression = scores,
    };

    [Fact]
    public void A_c3_run_names_the_rule_behind_its_final_metrics_the_classifier_alone_and_its_evaluation_curve()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));
        Lab.Report(runId, attempt, agent, new ProgressReport { Sequence = 1, Kind = ProgressKind.Eval, Step = 5, TotalSteps = 10, Evaluation = new ConfusionCounts(7, 1, 1, 1) });

        Lab.Lifecycle.Complete(agent, new RunCompletion
        {
            AgentId = agent, RunId = runId, Attempt = attempt,
            Outcome = new() { Steps = 10, Evaluation = new ConfusionCounts(3, 3, 3, 1), ClassifierEvaluation = new ConfusionCounts(7, 1, 1, 1), MatchingThreshold = 0.42 },
        });

        page.WaitForAssertion(() => Assert.Contains("Decision rule: S_match ≥ τ, τ = 0.420", page.Find("[data-testid=matching]").TextContent));
        Assert.Contains("its own decision, no S_match", page.Find("[data-testid=classifier-rule]").TextContent);
        Assert.Contains("the classifier's own decision on the held-out selection pairs, not the S_match ≥ τ rule", page.Find("[data-testid=curve-rule]").TextContent);
    }

    [Fact]
    public void A_run_without_c3_says_its_metrics_and_curve_are_the_classifiers_own_decisions()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));
        Lab.Report(runId, attempt, agent, new ProgressReport { Sequence = 1, Kind = ProgressKind.Eval, Step = 5, TotalSteps = 10, Evaluation = new ConfusionCounts(7, 1, 1, 1) });

        Lab.Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 10, Evaluation = new ConfusionCounts(7, 1, 1, 1) } });

        page.WaitForAssertion(() => Assert.Contains("Decision rule: the classifier's own decision", page.Find("[data-testid=matching]").TextContent));
        Assert.Empty(page.FindAll("[data-testid=classifier-rule]"));
        Assert.DoesNotContain("S_match", page.Find("[data-testid=curve-rule]").TextContent);
    }

    [Fact]
    public void The_loss_chart_appears_once_there_are_two_reports()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));
        Assert.Contains("The chart appears after the first reports", page.Markup);

        Lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 5, 40, 0.7), TestLab.TrainReport(2, 10, 40, 0.6));

        page.WaitForAssertion(() => Assert.DoesNotContain("The chart appears after the first reports", page.Markup));
        Assert.Equal("2", page.Find("[data-testid=line-chart] [data-series='training loss']").GetAttribute("data-points"));
    }

    [Fact]
    public void Tags_and_notes_edited_on_the_run_page_are_saved_and_the_edit_is_dated()
    {
        var runId = Lab.QueueRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        page.Find("[data-testid=new-tag] input").Input("paper");
        page.Find("[data-testid=add-tag]").Click();
        page.Find("[data-testid=notes] textarea").Input("Matches the paper's setup.");
        page.Find("[data-testid=save-notes]").Click();

        var run = Lab.Runs.Get(runId)!;
        Assert.Equal(["paper"], run.Tags);
        Assert.Equal("Matches the paper's setup.", run.Notes);
        page.WaitForAssertion(() => Assert.Contains("2026-11-29 09:00 UTC", page.Find("[data-testid=notes-edited]").TextContent));
        Assert.Contains("paper", page.Find("[data-tag=paper]").TextContent);
    }

    [Fact]
    public void Enter_adds_the_typed_tag_and_a_chips_close_button_removes_it()
    {
        var runId = Lab.QueueRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        page.Find("[data-testid=new-tag] input").Input("keep");
        page.Find("[data-testid=new-tag] input").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });
        page.Find("[data-testid=new-tag] input").Input("drop");
        page.Find("[data-testid=add-tag]").Click();
        Assert.Equal(["keep", "drop"], Lab.Runs.Get(runId)!.Tags);

        page.Find("[data-tag=drop] .mud-chip-close-button").Click();

        page.WaitForAssertion(() => Assert.Equal(["keep"], Lab.Runs.Get(runId)!.Tags));
        Assert.Single(page.FindAll("[data-tag]"));
    }

    [Fact]
    public void A_tag_longer_than_allowed_is_refused_and_nothing_is_saved()
    {
        var runId = Lab.QueueRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        // The box stops typing at 40 characters; a pasted value can still be longer.
        page.Find("[data-testid=new-tag] input").Input(new string('x', 41));
        page.Find("[data-testid=add-tag]").Click();

        Assert.Empty(Lab.Runs.Get(runId)!.Tags);
        Assert.Empty(page.FindAll("[data-tag]"));
    }

    [Fact]
    public void The_metric_history_downloads_as_csv_and_json()
    {
        var runId = Lab.QueueRun();

        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        Assert.Equal($"/api/runs/{runId}/points.csv", page.Find("[data-testid=points-csv]").GetAttribute("href"));
        Assert.Equal($"/api/runs/{runId}/points.json", page.Find("[data-testid=points-json]").GetAttribute("href"));
    }

    [Fact]
    public void A_succeeded_run_shows_full_progress_and_its_final_metrics()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));
        Lab.Report(runId, attempt, agent, TestLab.TrainReport(1, 40, 40, 0.5));

        // TP 30, FP 10, TN 50, FN 10: accuracy 0.8, F1 60/80 = 0.75, MCC (1500 − 100) / √(40·40·60·60) = 0.5833.
        Lab.Lifecycle.Complete(agent, new RunCompletion
        {
            AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 40, Evaluation = new ConfusionCounts(30, 10, 50, 10) },
        });

        page.WaitForAssertion(() => Assert.Contains("Succeeded", page.Find("[data-state]").TextContent));
        Assert.Equal("100%", page.Find("[data-testid=percent]").TextContent);
        Assert.Equal("0.8000", page.Find("[data-metric=accuracy]").TextContent);
        Assert.Equal("0.7500", page.Find("[data-metric=f1]").TextContent);
        Assert.Equal("0.5833", page.Find("[data-metric=mcc]").TextContent);
    }

    [Fact]
    public void A_failed_run_shows_the_agents_reason()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        Lab.Lifecycle.Fail(agent, new RunFailure(agent, runId, attempt, "train.tsv line 7: expected 6 columns, found 4."));

        page.WaitForAssertion(() => Assert.Contains("Failed", page.Find("[data-state]").TextContent));
        Assert.Equal("train.tsv line 7: expected 6 columns, found 4.", page.Find("[data-testid=failure-reason]").TextContent.Trim());
    }

    [Fact]
    public void The_run_names_its_model_with_what_the_agents_say_about_it()
    {
        Lab.ConnectAgent("gpu-1", new ModelInfo("tiny", "trained on Quora pairs: QQP scores are optimistic", 1_500_000, 128, 2));
        var runId = Lab.QueueRun();

        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));

        Assert.Equal("Model tiny — trained on Quora pairs: QQP scores are optimistic", page.Find("[data-testid=model]").TextContent);
    }

    [Fact]
    public void A_finished_run_offers_its_files_for_download()
    {
        var (runId, attempt, agent) = Lab.StartRun();
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, runId));
        Assert.Empty(page.FindAll("[data-testid=downloads]"));

        Lab.Lifecycle.AcceptArtifact(agent, runId, attempt, "predictions.tsv", new MemoryStream("index\tlabel\n"u8.ToArray()));
        Lab.Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 1, Evaluation = new ConfusionCounts(1, 0, 1, 0) } });

        page.WaitForAssertion(() => Assert.Contains("predictions.tsv", page.Find("[data-testid=downloads]").TextContent));
        Assert.Equal($"/api/runs/{runId}/artifacts/predictions.tsv", page.Find("[data-testid=downloads] a").GetAttribute("href"));
    }

    [Fact]
    public void Re_run_queues_the_identical_spec_as_a_new_run_and_opens_it()
    {
        var original = Services.GetRequiredService<ExperimentService>().Submit(new ExperimentRequest
        {
            Name = "first",
            Spec = new ExperimentSpec
            {
                Seed = 5,
                Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
                Training = new TrainingSpec { Epochs = 2, WarmupRatio = 0.2 },
            },
        }, "tester").Experiment!;
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, original.RunIds[0]));

        page.Find("[data-testid=rerun]").Click();

        var rerun = Lab.Runs.ListRecent(1).Single();
        Assert.NotEqual(original.RunIds[0], rerun.Id);
        Assert.Equal(Lab.Runs.Get(original.RunIds[0])!.SpecJson, rerun.SpecJson);
        Assert.Equal("first (re-run of #1)", rerun.ExperimentName);
        Assert.EndsWith($"/runs/{rerun.Id}", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void An_unknown_run_says_it_does_not_exist()
    {
        var page = Render<RunDetail>(p => p.Add(x => x.RunId, 999));

        Assert.Contains("Run 999 does not exist.", page.Markup);
    }
}
