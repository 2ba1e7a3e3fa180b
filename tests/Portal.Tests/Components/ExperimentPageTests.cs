using System.Globalization;
using LabPortal.Portal.Storage;
using LabPortal.Shared;
using Bunit;
using LabPortal.Portal.Components.Pages.Experiments;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Services;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LabPortal.Portal.Tests.Components;

public sealed class ExperimentPageTests : PageTest
{
    [Fact]
    public void The_ablation_table_shows_mean_and_spread_over_seeds_and_the_papers_rows_apart()
    {
        var experiment = Services.GetRequiredService<ExperimentService>().Submit(new ExperimentRequest
        {
            Name = "ablation",
            Preset = PresetKind.PaperAblation,
            Seeds = [1, 2],
            Spec = new ExperimentSpec { Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" } },
        }, "tester").Experiment!;
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experiment.Id));

        // The two "ours" runs: accuracy 0.80 and 0.90 (TP+TN of 100), so 0.850 ± 0.071.
        Finish(experiment.RunIds[0], new ConfusionCounts(30, 10, 50, 10));
        Finish(experiment.RunIds[1], new ConfusionCounts(35, 5, 55, 5));

        page.WaitForAssertion(() =>
            Assert.Equal("0.850 ± 0.071", Cell(page, VariantGenerator.Ours, "accuracy", reported: false)));
        Assert.Contains("2 / 2", page.Find($"[data-variant='{VariantGenerator.Ours}'][data-reported='false']").TextContent);
        Assert.Contains("0 / 2", page.Find($"[data-variant='{VariantGenerator.PlainLora}'][data-reported='false']").TextContent);
        Assert.Equal("true", page.Find($"[data-variant='{VariantGenerator.Ours}'][data-reported='false'] [data-metric=accuracy]").GetAttribute("data-best"));
        Assert.Equal("false", page.Find($"[data-variant='{VariantGenerator.Ours}'][data-reported='true'] [data-metric=accuracy]").GetAttribute("data-best"));
        Assert.Equal("0.910", Cell(page, VariantGenerator.Ours, "accuracy", reported: true));
        Assert.Equal("0.730", Cell(page, VariantGenerator.PlainLora, "mcc", reported: true));
    }

    [Fact]
    public void A_glue_suite_shows_the_glue_table_with_each_tasks_score_and_the_average_so_far()
    {
        var request = new ExperimentRequest { Name = "glue", Preset = PresetKind.GlueSuite, Seeds = [1], GlueFolder = "../shared/data" };
        var runs = request.ExpandRuns().Select(plan => new RunRecord
        {
            Variant = plan.Variant, SpecJson = LabJson.Serialize(plan.Spec), Seed = plan.Spec.Seed, State = RunState.Queued, CreatedBy = "tester",
        }).ToList();
        runs.ForEach(LabPortal.Portal.Services.History.RunFacets.CopyFromSpec);
        var experiment = Lab.Experiments.Create(new ExperimentRecord { Name = "glue", Preset = PresetKind.GlueSuite, SpecJson = LabJson.Serialize(request.Spec) }, runs);
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experiment.Id));

        // LoRA on RTE: accuracy 0.75; on CoLA: MCC 0.6.
        Finish(runs.Single(r => r.Variant == "LoRA · RTE").Id, new ConfusionCounts(30, 10, 30, 10));
        Finish(runs.Single(r => r.Variant == "LoRA · CoLA").Id, new ConfusionCounts(40, 10, 40, 10));

        page.WaitForAssertion(() => Assert.Equal("67.5 (so far)", page.Find("[data-testid=glue-table] tr[data-method='LoRA'] [data-testid=glue-average]").TextContent.Trim()));
        Assert.Equal("75.0", page.Find("[data-testid=glue-table] tr[data-method='LoRA'] [data-task=rte]").TextContent.Trim());
        Assert.Equal("0 / 1", page.Find("[data-testid=glue-table] tr[data-method='LoRA'] [data-task=qqp]").TextContent.Trim());
        Assert.Equal($"/api/experiments/{experiment.Id}/glue.csv", page.Find("[data-testid=glue-csv]").GetAttribute("href"));
    }

    [Fact]
    public void Each_measured_row_shows_how_far_its_means_are_from_the_papers_numbers_for_the_same_variant()
    {
        var (experimentId, ours, _) = Ablation();
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experimentId));

        // Ours: 7 of 8 right (ACC 0.875, F1 0.933, MCC 0) against the paper's 0.910 / 0.913 / 0.80.
        FinishOurs(ours);

        page.WaitForAssertion(() => Assert.Equal("ACC −0.035 · F1 +0.020 · MCC −0.800",
            page.Find($"[data-variant='{VariantGenerator.Ours}'][data-reported='false'] [data-testid=minus-reported]").TextContent));
        Assert.Equal("—", page.Find($"[data-variant='{VariantGenerator.PlainLora}'][data-reported='false'] [data-testid=minus-reported]").TextContent);
        Assert.Equal("", page.Find($"[data-variant='{VariantGenerator.Ours}'][data-reported='true'] [data-testid=minus-reported]").TextContent);
        Assert.Contains(page.FindAll("[data-testid=variant-table] th"), th => th.TextContent == "measured − reported");
    }

    [Fact]
    public void The_chart_draws_a_bar_per_measured_row_with_its_spread_beside_the_papers_hollow_bars()
    {
        var (experimentId, _, _) = Ablation(1, 2);
        var runs = Lab.Runs.ListForExperiment(experimentId);
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experimentId));

        // Ours: accuracy 0.80 and 0.90 (0.850 ± 0.071); LoRA: 0.75 twice (a spread of 0).
        var ours = runs.Where(r => r.Variant == VariantGenerator.Ours).ToList();
        Finish(ours[0].Id, new ConfusionCounts(30, 10, 50, 10));
        Finish(ours[1].Id, new ConfusionCounts(35, 5, 55, 5));
        runs.Where(r => r.Variant == VariantGenerator.PlainLora).ToList().ForEach(r => Finish(r.Id, new ConfusionCounts(30, 10, 45, 15)));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=headline-chart] [data-bar][data-reported='false']").Count));
        Assert.Equal(4, page.FindAll("[data-testid=headline-chart] [data-bar][data-reported='true']").Count);
        var mine = page.Find($"[data-testid=headline-chart] [data-bar='{VariantGenerator.Ours}'][data-reported='false']");
        Assert.Equal("0.850", mine.GetAttribute("data-mean"));
        Assert.Equal(Math.Sqrt(0.005).ToString("0.000", CultureInfo.InvariantCulture), mine.GetAttribute("data-spread")); // the sample std of 0.80 and 0.90
        Assert.Equal("2", mine.GetAttribute("data-seeds"));
        // LoRA, the default baseline, is marked, with its flat spread of 0.
        var baseline = page.Find($"[data-testid=headline-chart] [data-bar='{VariantGenerator.PlainLora}'][data-reported='false']");
        Assert.Equal(("true", "0.000"), (baseline.GetAttribute("data-baseline"), baseline.GetAttribute("data-spread")));
        var chart = page.FindComponent<BarChart>();
        var traces = chart.FindComponent<Plotly.Blazor.PlotlyChart>().Instance.Data.Cast<Plotly.Blazor.Traces.Bar>().ToList();
        Assert.Equal(Math.Sqrt(0.005), (double)traces.Single(t => t.Name == BarFigure.MeasuredName).ErrorY.Array.Single()!, 9);
        Assert.Equal("Accuracy", chart.FindComponent<Plotly.Blazor.PlotlyChart>().Instance.Layout.YAxis[0].Title.Text);
    }

    [Fact]
    public void Before_any_row_has_a_result_there_is_no_chart()
    {
        var (experimentId, _, _) = Ablation();

        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experimentId));

        Assert.Empty(page.FindAll("[data-testid=headline-chart]"));
    }

    [Fact]
    public void Cancel_remaining_runs_asks_with_the_count_and_then_cancels_only_the_unfinished_runs()
    {
        var (experimentId, ours, _) = Ablation();
        FinishOurs(ours);
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experimentId));

        page.Find("[data-testid=cancel-remaining]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Cancel the 3 runs of this experiment that are queued or running?", dialogs.Markup));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel 3 runs").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid=cancel-remaining]")));
        Assert.Equal(
            [RunState.Succeeded, RunState.Canceled, RunState.Canceled, RunState.Canceled],
            Lab.Runs.ListForExperiment(experimentId).Select(r => r.State).OrderBy(s => s != RunState.Succeeded));
    }

    [Fact]
    public void Keeping_the_runs_in_the_dialog_cancels_nothing()
    {
        var (experimentId, _, _) = Ablation();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experimentId));

        page.Find("[data-testid=cancel-remaining]").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Keep them").Click());

        dialogs.WaitForAssertion(() => Assert.DoesNotContain("Cancel remaining runs", dialogs.Markup));
        Assert.All(Lab.Runs.ListForExperiment(experimentId), r => Assert.Equal(RunState.Queued, r.State));
    }

    [Fact]
    public void The_table_downloads_as_csv_and_json()
    {
        var experiment = Services.GetRequiredService<ExperimentService>().Submit(new ExperimentRequest
        {
            Name = "downloads",
            Spec = new ExperimentSpec { Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" } },
        }, "tester").Experiment!;

        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experiment.Id));

        Assert.Equal($"/api/experiments/{experiment.Id}/table.csv", page.Find("[data-testid=table-csv]").GetAttribute("href"));
        Assert.Equal($"/api/experiments/{experiment.Id}/table.json", page.Find("[data-testid=table-json]").GetAttribute("href"));
    }

    [Fact]
    public void Each_row_is_tested_against_lora_on_the_same_validation_pairs()
    {
        var (experimentId, ours, lora) = Ablation();

        // Eight positive pairs: ours gets 7 right that LoRA misses, LoRA 1 that ours misses → p = 18/256.
        FinishOurs(ours);
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experimentId));
        FinishLora(lora);

        page.WaitForAssertion(() => Assert.Equal("better · p 7.031e-2 (7 / 1)",
            page.Find($"[data-variant='{VariantGenerator.Ours}'][data-reported='false'] [data-testid=significance]").TextContent));
        Assert.Equal("", page.Find($"[data-variant='{VariantGenerator.PlainLora}'][data-reported='false'] [data-testid=significance]").TextContent);
    }

    [Fact]
    public void The_paired_bootstrap_shows_each_rows_difference_from_lora_with_its_interval()
    {
        var experimentId = AblationWithOursAndLora();
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experimentId));

        page.InvokeAsync(() => page.FindComponent<MudSelect<SignificanceTest>>().Instance.ValueChanged.InvokeAsync(SignificanceTest.PairedBootstrap));
        page.InvokeAsync(() => page.FindComponent<MudNumericField<int>>().Instance.ValueChanged.InvokeAsync(1000));

        // Ours is right on 7 of 8 pairs, LoRA on 1: accuracy +0.750. A resample reaches a difference ≤ 0 only when at most 4 of
        // its 8 draws are pairs only ours got right: P(Binomial(8, 7/8) ≤ 4) ≈ 0.011, so p ≈ 0.01 and the interval stays above 0.
        page.WaitForAssertion(() => Assert.StartsWith("ACC +0.750 [+0.250, +1.000] p=0.013 * · F1 ",
            page.Find($"[data-variant='{VariantGenerator.Ours}'][data-reported='false'] [data-testid=significance]").TextContent));
        Assert.Contains("paired bootstrap", page.Find("[data-testid=test-heading]").TextContent);
        Assert.Equal("1,000 resamples, seed 20261129", page.Find("[data-testid=bootstrap-status]").TextContent);
        Assert.Equal("", page.Find($"[data-variant='{VariantGenerator.PlainLora}'][data-reported='false'] [data-testid=significance]").TextContent);
    }

    [Fact]
    public void On_scores_mcnemar_stays_silent_and_the_bootstrap_tests_pearson_and_spearman()
    {
        var (experimentId, ours, lora) = Ablation();
        double[] gold = [0, 1, 2, 3, 4, 5, 1.5, 2.5];
        FinishScores(ours, gold, gold.Select(g => g + 0.1).ToArray());                     // follows the gold scores
        FinishScores(lora, gold, [2.5, 1, 4, 0.5, 3, 2, 5, 1.5]);                          // barely
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experimentId));
        Assert.Equal("", page.Find($"[data-variant='{VariantGenerator.Ours}'][data-reported='false'] [data-testid=significance]").TextContent);

        page.InvokeAsync(() => page.FindComponent<MudSelect<SignificanceTest>>().Instance.ValueChanged.InvokeAsync(SignificanceTest.PairedBootstrap));
        page.InvokeAsync(() => page.FindComponent<MudNumericField<int>>().Instance.ValueChanged.InvokeAsync(1000));

        page.WaitForAssertion(() => Assert.Matches(@"^Pearson \+\d\.\d{3} \[.*\] p.* · Spearman \+\d\.\d{3} ",
            page.Find($"[data-variant='{VariantGenerator.Ours}'][data-reported='false'] [data-testid=significance]").TextContent));
        Assert.Equal("1.000", page.Find($"[data-variant='{VariantGenerator.Ours}'][data-reported='false'] [data-metric=pearson]").TextContent);
    }

    [Fact]
    public void On_three_classes_the_bootstrap_tests_accuracy_macro_f1_and_mcc_from_both_matrices()
    {
        var (experimentId, ours, lora) = Ablation();
        int[] labels = [0, 1, 2, 0, 1, 2, 0, 1, 2];
        Finish(ours, ConfusionCounts.Empty, ClassPredictions(labels, [0, 1, 2, 0, 1, 2, 0, 1, 0]));   // 8 of 9 right
        Finish(lora, ConfusionCounts.Empty, ClassPredictions(labels, [0, 0, 0, 0, 0, 0, 0, 0, 0]));   // the majority: 3 of 9
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experimentId));

        page.InvokeAsync(() => page.FindComponent<MudSelect<SignificanceTest>>().Instance.ValueChanged.InvokeAsync(SignificanceTest.PairedBootstrap));
        page.InvokeAsync(() => page.FindComponent<MudNumericField<int>>().Instance.ValueChanged.InvokeAsync(1000));

        page.WaitForAssertion(() => Assert.Matches(@"^ACC \+0\.556 \[.*\] p.* · macro-F1 \+0\.\d{3} \[.*\] p.* · MCC \+0\.\d{3} ",
            page.Find($"[data-variant='{VariantGenerator.Ours}'][data-reported='false'] [data-testid=significance]").TextContent));
    }

    private static string ClassPredictions(int[] labels, int[] decisions) =>
        "index\tlabel\tprobability\tpredicted\n" + string.Concat(decisions.Select((d, i) => $"{i}\t{labels[i]}\t0.5\t{d}\n"));

    /// <summary>Completes a run as a regression run whose predictions.tsv holds these gold and predicted scores.</summary>
    private void FinishScores(int runId, double[] gold, double[] predicted)
    {
        var agent = Lab.ConnectAgent($"agent-{runId}");
        var attempt = Lab.Lifecycle.TryAssign(runId, agent)!.Attempt;
        var rows = gold.Select((g, i) => FormattableString.Invariant($"{i}\t{g}\t{predicted[i]}\t{predicted[i]}"));
        var file = "index\tlabel\tprobability\tpredicted\n" + string.Join('\n', rows) + "\n";
        Lab.Lifecycle.AcceptArtifact(agent, runId, attempt, "predictions.tsv", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(file)));
        var scores = RegressionScores.From(predicted, gold);
        Lab.Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 1, Evaluation = ConfusionCounts.Empty, Regression = scores } });
    }

    [Fact]
    public void Choosing_another_baseline_tests_the_rows_against_it()
    {
        var experimentId = AblationWithOursAndLora();
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experimentId));

        page.InvokeAsync(() => page.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(VariantGenerator.Ours));

        page.WaitForAssertion(() => Assert.Equal("worse · p 7.031e-2 (1 / 7)",
            page.Find($"[data-variant='{VariantGenerator.PlainLora}'][data-reported='false'] [data-testid=significance]").TextContent));
        Assert.Equal("", page.Find($"[data-variant='{VariantGenerator.Ours}'][data-reported='false'] [data-testid=significance]").TextContent);
        Assert.Contains($"vs {VariantGenerator.Ours}", page.Find("[data-testid=test-heading]").TextContent);
    }

    /// <summary>A paper ablation whose "ours" and LoRA runs finished on the same eight positive pairs (7 vs 1 right).</summary>
    private int AblationWithOursAndLora()
    {
        var (experimentId, ours, lora) = Ablation();
        FinishOurs(ours);
        FinishLora(lora);
        return experimentId;
    }

    /// <summary>A queued paper ablation on these seeds (else the spec's one), with the ids of its first "ours" and LoRA runs.</summary>
    private (int ExperimentId, int Ours, int Lora) Ablation(params int[] seeds)
    {
        var experiment = Services.GetRequiredService<ExperimentService>().Submit(new ExperimentRequest
        {
            Name = "tests",
            Preset = PresetKind.PaperAblation,
            Seeds = seeds,
            Spec = new ExperimentSpec { Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" } },
        }, "tester").Experiment!;
        var runs = Lab.Runs.ListForExperiment(experiment.Id);
        return (experiment.Id, runs.First(r => r.Variant == VariantGenerator.Ours).Id, runs.First(r => r.Variant == VariantGenerator.PlainLora).Id);
    }

    private void FinishOurs(int runId) => Finish(runId, new ConfusionCounts(7, 0, 0, 1), Predictions([1, 1, 1, 1, 1, 1, 1, 0]));

    private void FinishLora(int runId) => Finish(runId, new ConfusionCounts(1, 0, 0, 7), Predictions([0, 0, 0, 0, 0, 0, 0, 1]));

    [Fact]
    public void An_experiment_without_a_preset_has_no_reported_rows_and_no_measured_minus_reported_column()
    {
        var experiment = Services.GetRequiredService<ExperimentService>().Submit(new ExperimentRequest
        {
            Name = "plain",
            Spec = new ExperimentSpec { Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" } },
        }, "tester").Experiment!;

        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experiment.Id));

        Assert.Empty(page.FindAll("[data-reported='true']"));
        Assert.Single(page.FindAll("[data-reported='false']"));
        Assert.Empty(page.FindAll("[data-testid=minus-reported]"));
        Assert.DoesNotContain(page.FindAll("[data-testid=variant-table] th"), th => th.TextContent == "measured − reported");
    }

    [Fact]
    public void The_method_comparison_shows_the_papers_table_1_models_as_reported_rows_only()
    {
        var experiment = Services.GetRequiredService<ExperimentService>().Submit(new ExperimentRequest
        {
            Name = "methods",
            Preset = PresetKind.MethodComparison,
            Seeds = [1],
            Spec = new ExperimentSpec { Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" } },
        }, "tester").Experiment!;

        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experiment.Id));

        Assert.Equal(["BERT", "RoBERTa", "T5", "GPT-4", VariantGenerator.Ours],
            page.FindAll("[data-reported='true']").Select(r => r.GetAttribute("data-variant")));
        Assert.Equal("0.902", Cell(page, "GPT-4", "accuracy", reported: true));
        Assert.Equal("0.770", Cell(page, "T5", "mcc", reported: true));
        Assert.DoesNotContain(VariantGenerator.PlainLora, page.FindAll("[data-reported='true']").Select(r => r.GetAttribute("data-variant")));
    }

    [Fact]
    public void An_unknown_experiment_says_it_does_not_exist()
    {
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, 404));

        Assert.Contains("Experiment 404 does not exist.", page.Markup);
    }

    [Fact]
    public void The_convergence_section_draws_each_variants_selection_accuracy_and_the_steps_it_took_to_reach_loras_final_one()
    {
        var experiment = Services.GetRequiredService<ExperimentService>().Submit(new ExperimentRequest
        {
            Name = "convergence",
            Preset = PresetKind.PaperAblation,
            Seeds = [1],
            Spec = new ExperimentSpec { Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" } },
        }, "tester").Experiment!;
        var runs = Lab.Runs.ListForExperiment(experiment.Id);
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experiment.Id));

        // LoRA ends at 0.80 on its selection split; ours is past that at its first evaluation.
        FinishWithCurve(runs.Single(r => r.Variant == VariantGenerator.PlainLora).Id, (50, new ConfusionCounts(35, 15, 35, 15)), (100, new ConfusionCounts(40, 10, 40, 10)));
        FinishWithCurve(runs.Single(r => r.Variant == VariantGenerator.Ours).Id, (50, new ConfusionCounts(40, 9, 41, 10)), (100, new ConfusionCounts(41, 8, 42, 9)));

        page.WaitForAssertion(() => Assert.Contains("0.800", page.Find("[data-testid=convergence]").TextContent));
        Assert.Contains("50", page.Find($"[data-testid=steps-to-target][data-variant='{VariantGenerator.Ours}']").TextContent);
        Assert.Contains("100", page.Find($"[data-testid=steps-to-target][data-variant='{VariantGenerator.PlainLora}']").TextContent);
    }

    [Fact]
    public void Each_variant_shows_the_time_and_examples_it_took_to_reach_the_frozen_probes_accuracy()
    {
        var experiment = Services.GetRequiredService<ExperimentService>().Submit(new ExperimentRequest
        {
            Name = "time to quality",
            Preset = PresetKind.MethodComparison,
            Seeds = [1],
            Spec = new ExperimentSpec
            {
                Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
                Training = new TrainingSpec { BatchSize = 16, GradientAccumulationSteps = 2 },
            },
        }, "tester").Experiment!;
        var runs = Lab.Runs.ListForExperiment(experiment.Id);
        var page = Render<ExperimentPage>(p => p.Add(x => x.ExperimentId, experiment.Id));

        // The probe ends at 0.80; LoRA gets there at its second evaluation (step 100, 75 s after it was assigned);
        // full fine-tuning never does.
        FinishWithCurve(runs.Single(r => r.Variant == VariantGenerator.HeadOnly).Id, (50, new ConfusionCounts(35, 15, 35, 15), 10), (100, new ConfusionCounts(40, 10, 40, 10), 20));
        FinishWithCurve(runs.Single(r => r.Variant == VariantGenerator.PlainLora).Id, (50, new ConfusionCounts(38, 12, 38, 12), 40), (100, new ConfusionCounts(41, 9, 40, 10), 75));
        FinishWithCurve(runs.Single(r => r.Variant == VariantGenerator.FullFineTuning).Id, (50, new ConfusionCounts(30, 20, 30, 20), 60), (100, new ConfusionCounts(35, 15, 35, 15), 120));

        page.WaitForAssertion(() => Assert.Contains("head-only's accuracy", page.Find("[data-testid=time-to-target-heading]").TextContent));
        Assert.Equal("75 s · 3,200 examples", TimeToTarget(page, VariantGenerator.PlainLora));
        Assert.Equal("never", TimeToTarget(page, VariantGenerator.FullFineTuning));
        Assert.Equal("20 s · 3,200 examples", TimeToTarget(page, VariantGenerator.HeadOnly));
    }

    private static string TimeToTarget(IRenderedComponent<ExperimentPage> page, string variant) =>
        page.Find($"[data-variant='{variant}'][data-reported='false'] [data-testid=time-to-target]").TextContent.Trim();

    /// <summary>A run that reported these evaluations (step, counts) on its selection split, then succeeded.</summary>
    private void FinishWithCurve(int runId, params (int Step, ConfusionCounts Counts)[] evaluations) =>
        FinishWithCurve(runId, evaluations.Select(e => (e.Step, e.Counts, Seconds: 0)).ToArray());

    /// <summary>The same, each evaluation reported this many seconds after the run was assigned.</summary>
    private void FinishWithCurve(int runId, params (int Step, ConfusionCounts Counts, int Seconds)[] evaluations)
    {
        var agent = Lab.ConnectAgent($"agent-{runId}");
        var attempt = Lab.Lifecycle.TryAssign(runId, agent)!.Attempt;
        var assigned = Lab.Clock.GetUtcNow();
        Lab.Metrics.Append(runId, attempt, evaluations.Select((e, i) => new ProgressReport
        {
            Sequence = i + 1, Kind = ProgressKind.Eval, Step = e.Step, TotalSteps = 100, Evaluation = e.Counts, Time = assigned.AddSeconds(e.Seconds),
        }));
        Lab.Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 100, Evaluation = evaluations[^1].Counts } });
    }

    private static string Predictions(int[] decisions) =>
        "index\tlabel\tprobability\tpredicted\n" + string.Concat(decisions.Select((d, i) => $"{i}\t1\t0.5\t{d}\n"));

    private void Finish(int runId, ConfusionCounts counts, string? predictions = null)
    {
        var agent = Lab.ConnectAgent($"agent-{runId}");
        var attempt = Lab.Lifecycle.TryAssign(runId, agent)!.Attempt;
        if (predictions is not null)
        {
            Lab.Lifecycle.AcceptArtifact(agent, runId, attempt, "predictions.tsv", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(predictions)));
        }

        Lab.Lifecycle.Complete(agent, new RunCompletion { AgentId = agent, RunId = runId, Attempt = attempt, Outcome = new() { Steps = 1, Evaluation = counts } });
    }

    private static string Cell(IRenderedComponent<ExperimentPage> page, string variant, string metric, bool reported) =>
        page.Find($"[data-variant='{variant}'][data-reported='{(reported ? "true" : "false")}'] [data-metric={metric}]").TextContent;
}
