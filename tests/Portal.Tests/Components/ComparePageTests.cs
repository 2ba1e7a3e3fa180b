using Bunit;
using LabPortal.Portal.Components.Pages.Compare;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Components;

public sealed class ComparePageTests : PageTest
{
    private int Submit(string name, int seed, int rank)
    {
        var result = Lab.Submissions.Submit(DemoRequests.Of(name, new MethodSpec { Kind = MethodKind.Lora, Rank = rank }, [seed]), "ana");
        return result.Experiment!.RunIds[0];
    }

    private void Finish(int runId, ConfusionCounts counts) => Lab.Runs.Update(runId, run =>
    {
        run.State = RunState.Succeeded;
        run.Evaluation = counts;
        run.EvaluationLoss = 0.3;
        run.LastLoss = 0.125;
        run.TrainSeconds = 42;
        run.TrainableParameters = 2048;
        return true;
    });

    private IRenderedComponent<ComparePage> Open(string query)
    {
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/compare{query}");
        return Render<ComparePage>();
    }

    [Fact]
    public void Compare_names_the_rule_behind_each_runs_metrics_and_warns_that_a_c3_runs_curve_is_the_classifiers()
    {
        var plain = Submit("LoRA", 1, 8);
        var matched = Submit("C3", 1, 8);
        var queued = Submit("waiting", 1, 8);
        Finish(plain, new ConfusionCounts(30, 10, 50, 10));
        Finish(matched, new ConfusionCounts(45, 5, 45, 5));
        Lab.Runs.Update(matched, run => { run.MatchingThreshold = 0.4; return true; });

        var page = Open($"?runs={plain},{matched},{queued}");

        string Rule(int run) => page.Find($"tr[data-run='{run}'] td[data-metric='rule']").TextContent;
        Assert.Equal(("classifier", "S_match ≥ τ", "—"), (Rule(plain), Rule(matched), Rule(queued)));
        Assert.Contains("the classifier's own decision", page.Find("[data-testid=curve-rule]").TextContent);
    }

    [Fact]
    public void A_c3_runs_s_match_curve_is_drawn_dashed_beside_its_classifier_curve_on_compare()
    {
        var plain = Submit("LoRA", 1, 8);
        var matched = Submit("C3", 1, 8);
        var eval = new ProgressReport { Sequence = 1, Kind = ProgressKind.Eval, Step = 20, TotalSteps = 20, Evaluation = new ConfusionCounts(8, 2, 7, 3) };
        Lab.Metrics.Append(plain, 1, [eval]);
        Lab.Metrics.Append(matched, 1, [eval with { Matching = new ConfusionCounts(6, 4, 5, 5) }]);

        var page = Open($"?runs={plain},{matched}");

        Assert.Equal([$"#{plain} LoRA (seed 1)", $"#{matched} LoRA (seed 1)", $"#{matched} LoRA (seed 1) S_match"],
            page.Find("[data-testid=chart-accuracy]").QuerySelectorAll("[data-series]").Select(s => s.GetAttribute("data-series")));
        Assert.Contains("last 0.55 at step 20", page.Find($"[data-testid=chart-accuracy] [data-series='#{matched} LoRA (seed 1) S_match']").TextContent);
    }

    [Fact]
    public void Compare_of_runs_without_c3_shows_no_decision_rule_warning()
    {
        var a = Submit("rank 8", 1, 8);
        var b = Submit("rank 16", 1, 16);
        Finish(a, new ConfusionCounts(30, 10, 50, 10));
        Finish(b, new ConfusionCounts(45, 5, 45, 5));

        var page = Open($"?runs={a},{b}");

        Assert.Equal("classifier", page.Find($"tr[data-run='{b}'] td[data-metric='rule']").TextContent);
        Assert.Empty(page.FindAll("[data-testid=curve-rule]"));
    }

    [Fact]
    public void Two_runs_metrics_are_shown_side_by_side()
    {
        var a = Submit("rank 8", 1, 8);
        var b = Submit("rank 16", 1, 16);
        Finish(a, new ConfusionCounts(30, 10, 50, 10));
        Finish(b, new ConfusionCounts(45, 5, 45, 5));

        var page = Open($"?runs={a},{b}");

        string Cell(int run, string metric) => page.Find($"tr[data-run='{run}'] td[data-metric='{metric}']").TextContent;
        Assert.Equal("0.8000", Cell(a, "accuracy"));
        Assert.Equal("0.9000", Cell(b, "accuracy"));
        Assert.Equal(new ConfusionCounts(30, 10, 50, 10).Mcc.ToString("0.0000"), Cell(a, "mcc"));
        Assert.Equal("0.7500", Cell(a, "precision"));
        Assert.Equal("0.3000", Cell(b, "loss"));
        Assert.Equal("0.1250", Cell(b, "train-loss"));
        Assert.Equal("2,048", Cell(b, "trainable"));
        Assert.Equal("42.0 s", Cell(b, "seconds"));
        Assert.Equal($"/api/compare.csv?runs={a},{b}", page.Find("[data-testid=compare-csv]").GetAttribute("href"));
        Assert.True(page.Find($"tr[data-run='{b}'] td[data-metric='accuracy']").HasAttribute("data-best"));
        Assert.False(page.Find($"tr[data-run='{a}'] td[data-metric='accuracy']").HasAttribute("data-best"));
    }

    [Fact]
    public void The_config_diff_lists_only_the_fields_that_differ_until_all_are_asked_for()
    {
        var a = Submit("rank 8", 1, 8);
        var b = Submit("rank 16", 2, 16);

        var page = Open($"?runs={a},{b}");

        var rows = page.FindAll("[data-testid=config-diff] tr[data-field]");
        Assert.Equal(["method.rank", "seed"], rows.Select(r => r.GetAttribute("data-field")).Order());
        Assert.Equal(["method.rank", "8", "16"], rows.Single(r => r.GetAttribute("data-field") == "method.rank").QuerySelectorAll("td").Select(td => td.TextContent));

        page.Find("input[data-testid=show-all]").Change(true);

        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid=config-diff] tr[data-field]"), r => r.GetAttribute("data-field") == "model"));
    }

    [Fact]
    public void Identical_specs_say_so()
    {
        var a = Submit("same", 1, 8);
        var b = Submit("same again", 1, 8);

        var page = Open($"?runs={a},{b}");

        Assert.Equal("The runs' specs are identical.", page.Find("[data-testid=specs-identical]").TextContent);
    }

    [Fact]
    public void Each_run_gets_its_own_loss_curve_and_evaluation_curve()
    {
        var a = Submit("rank 8", 1, 8);
        var b = Submit("rank 16", 1, 16);
        foreach (var run in new[] { a, b })
        {
            Lab.Metrics.Append(run, 1,
            [
                TestLab.TrainReport(1, 10, 20, 0.7),
                TestLab.TrainReport(2, 20, 20, 0.5),
                new ProgressReport { Sequence = 3, Kind = ProgressKind.Eval, Step = 20, TotalSteps = 20, Evaluation = new ConfusionCounts(8, 2, 7, 3) },
            ]);
        }

        var page = Open($"?runs={a},{b}");

        var loss = page.Find("[data-testid=chart-loss]");
        Assert.Equal([$"#{a} LoRA (seed 1)", $"#{b} LoRA (seed 1)"], loss.QuerySelectorAll("[data-series]").Select(p => p.GetAttribute("data-series")));
        Assert.Equal(["1", "1"], page.Find("[data-testid=chart-F1]").QuerySelectorAll("[data-series]").Select(s => s.GetAttribute("data-points")));
    }

    [Fact]
    public void Regression_runs_are_compared_by_pearson_and_spearman_curves_instead_of_class_metrics()
    {
        var a = Submit("rank 8", 1, 8);
        var b = Submit("rank 16", 1, 16);
        foreach (var run in new[] { a, b })
        {
            Lab.Metrics.Append(run, 1,
            [
                new ProgressReport { Sequence = 1, Kind = ProgressKind.Eval, Step = 10, TotalSteps = 20, Regression = new RegressionScores(0.61, 0.6, 1.2, 345) },
                new ProgressReport { Sequence = 2, Kind = ProgressKind.Eval, Step = 20, TotalSteps = 20, Regression = new RegressionScores(0.74, 0.73, 0.8, 345) },
            ]);
        }

        var page = Open($"?runs={a},{b}");

        Assert.Equal(["2", "2"], page.Find("[data-testid=chart-Pearson]").QuerySelectorAll("[data-series]").Select(s => s.GetAttribute("data-points")));
        Assert.Equal(["2", "2"], page.Find("[data-testid=chart-Spearman]").QuerySelectorAll("[data-series]").Select(s => s.GetAttribute("data-points")));
        Assert.Empty(page.FindAll("[data-testid=chart-accuracy]"));
    }

    [Fact]
    public void New_points_extend_the_curves_live()
    {
        var a = Submit("rank 8", 1, 8);
        var b = Submit("rank 16", 1, 16);
        var page = Open($"?runs={a},{b}");
        Assert.Contains("No training reports yet.", page.Markup);

        Lab.ConnectAgent();
        var attempt = Lab.Lifecycle.TryAssign(a, "agent-1")!.Attempt;
        Lab.Report(a, attempt, "agent-1", TestLab.TrainReport(1, 5, 20, 0.7), TestLab.TrainReport(2, 10, 20, 0.6));

        page.WaitForAssertion(() => Assert.Equal(["2", "0"], page.Find("[data-testid=chart-loss]").QuerySelectorAll("[data-series]").Select(s => s.GetAttribute("data-points"))));
    }

    [Fact]
    public void An_unknown_run_id_is_named_and_the_known_runs_are_still_compared()
    {
        var a = Submit("real", 1, 8);

        var page = Open($"?runs={a},999");

        Assert.Contains("Run 999 does not exist.", page.Find("[data-testid=compare-problem]").TextContent);
        Assert.Single(page.FindAll("[data-testid=compare-metrics] tr[data-run]"));
    }

    [Fact]
    public void A_link_without_run_ids_explains_what_it_needs()
    {
        var page = Open("?runs=abc");

        Assert.Contains("'abc' is not a run id", page.Find("[data-testid=compare-problem]").TextContent);
    }
}
