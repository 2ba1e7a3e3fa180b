using AngleSharp.Dom;
using Bunit;
using LabPortal.Portal.Components.Pages.Experiments;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Components;

public sealed class ExperimentsPageTests : PageTest
{
    private int Launch(string name, string person, MethodKind method, int[] seeds, PresetKind preset = PresetKind.None) =>
        Lab.Submissions.Submit(DemoRequests.Of(name, new MethodSpec { Kind = method }, seeds, preset), person).Experiment!.Id;

    private IReadOnlyList<int> RunIds(int experimentId, string? variant = null) =>
        Lab.Runs.ListForExperiment(experimentId).Where(r => variant is null || r.Variant == variant).Select(r => r.Id).ToList();

    private static List<int> ShownExperimentIds(IRenderedComponent<ExperimentsPage> page) =>
        page.FindAll("td[data-experiment]").Select(td => int.Parse(td.GetAttribute("data-experiment")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private static IElement Row(IRenderedComponent<ExperimentsPage> page, int experimentId) =>
        page.Find($"td[data-experiment='{experimentId}']").ParentElement!;

    private static string Cell(IRenderedComponent<ExperimentsPage> page, int experimentId, string testId) =>
        Row(page, experimentId).QuerySelector($"[data-testid={testId}]")!.TextContent.Trim();

    /// <summary>Decisions on 100 validation pairs with this accuracy.</summary>
    private static ConfusionCounts Accuracy(int correctOf100) => new(correctOf100 / 2, (100 - correctOf100) / 2, correctOf100 - correctOf100 / 2, 100 - correctOf100 - (100 - correctOf100) / 2);

    [Fact]
    public void A_stored_experiment_is_listed_newest_first_with_its_person_counts_and_a_link_to_its_page()
    {
        var older = Launch("probe", "ben", MethodKind.HeadOnly, [1]);
        var sweep = Launch("lora seeds", "ana", MethodKind.Lora, [1, 2, 3]);
        var runs = RunIds(sweep);
        Lab.Succeed(runs[0], Accuracy(80));
        Lab.Fail(runs[1], "out of memory");

        var page = Render<ExperimentsPage>();

        page.WaitForAssertion(() => Assert.Equal([sweep, older], ShownExperimentIds(page)));
        Assert.Equal($"/experiments/{sweep}", Row(page, sweep).QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal("ana", Cell(page, sweep, "person"));
        Assert.Equal("1", Cell(page, sweep, "rows"));
        Assert.Equal("3", Cell(page, sweep, "seeds"));
        Assert.Equal("2 / 3", Cell(page, sweep, "done"));
        Assert.Equal("1 succeeded · 1 failed · 1 queued", Cell(page, sweep, "counts"));
        var text = Row(page, sweep).TextContent;
        Assert.Contains("lora seeds", text);
        Assert.Contains("2026-11-29 09:00", text);
        Assert.Contains("tiny", text);
        Assert.Contains("lora", text);
        Assert.Equal("Showing 2 of 2", page.Find("[data-testid=shown]").TextContent);
    }

    [Fact]
    public void The_best_row_is_the_variant_with_the_highest_mean_accuracy_over_its_finished_runs()
    {
        var comparison = Launch("methods", "ana", MethodKind.Lora, [1, 2], PresetKind.MethodComparison);
        // Full fine-tuning has the single best run (0.90) but a mean of 0.80; LoRA's two runs average 0.825.
        var full = RunIds(comparison, VariantGenerator.FullFineTuning);
        Lab.Succeed(full[0], Accuracy(90));
        Lab.Succeed(full[1], Accuracy(70));
        var lora = RunIds(comparison, VariantGenerator.PlainLora);
        Lab.Succeed(lora[0], Accuracy(85));
        Lab.Succeed(lora[1], Accuracy(80));
        // Runs without a result count for nothing: a failed seed, and one still running.
        var ours = RunIds(comparison, VariantGenerator.Ours);
        Lab.Fail(ours[0], "out of memory");
        var headOnly = RunIds(comparison, VariantGenerator.HeadOnly);
        Lab.Succeed(headOnly[0], Accuracy(60));
        Lab.ConnectAgent("busy");
        Lab.Lifecycle.TryAssign(headOnly[1], "busy");

        var page = Render<ExperimentsPage>();

        page.WaitForAssertion(() => Assert.Equal("LoRA 0.825", Cell(page, comparison, "best")));
        Assert.Equal("5", Cell(page, comparison, "rows"));
        Assert.Equal("2", Cell(page, comparison, "seeds"));
        Assert.Equal("6 / 10", Cell(page, comparison, "done"));
        Assert.Contains("method-comparison", Row(page, comparison).TextContent);
    }

    [Fact]
    public void A_filter_in_the_link_narrows_the_list_by_name_or_person_and_a_new_link_changes_it()
    {
        var qqp = Launch("QQP ablation", "ana", MethodKind.Lora, [1]);
        var mrpc = Launch("mrpc sweep", "ben", MethodKind.Lora, [1]);
        var redo = Launch("ablation redo", "chen", MethodKind.Lora, [1]);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/experiments?q=ablation");

        var page = Render<ExperimentsPage>();

        page.WaitForAssertion(() => Assert.Equal([redo, qqp], ShownExperimentIds(page)));
        Assert.Equal("ablation", page.Find("[data-testid=search] input").GetAttribute("value"));
        Assert.Equal("Showing 2 of 2", page.Find("[data-testid=shown]").TextContent);

        navigation.NavigateTo("/experiments?q=BEN");

        page.WaitForAssertion(() => Assert.Equal([mrpc], ShownExperimentIds(page)));
    }

    [Fact]
    public void Typing_a_filter_puts_it_in_the_link()
    {
        Launch("QQP ablation", "ana", MethodKind.Lora, [1]);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/experiments");
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Single(ShownExperimentIds(page)));

        page.Find("[data-testid=search] input").Input("nothing like it");
        // The box waits for a pause in typing (MudBlazor times it with the lab's clock).
        Lab.Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Equal("http://localhost/experiments?q=nothing%20like%20it", navigation.Uri));
        page.WaitForAssertion(() => Assert.Contains("No experiment's name or person contains \"nothing like it\"", page.Find("[data-testid=no-experiments]").TextContent));
    }

    [Fact]
    public void A_run_finishing_updates_its_experiments_row_live_and_leaves_the_others_alone()
    {
        var watched = Launch("watched", "ana", MethodKind.Lora, [1, 2]);
        var other = Launch("other", "ben", MethodKind.Lora, [1]);
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Equal("0 / 2", Cell(page, watched, "done")));

        Lab.Succeed(RunIds(watched)[0], Accuracy(80));

        page.WaitForAssertion(() => Assert.Equal("1 / 2", Cell(page, watched, "done")));
        Assert.Equal("LoRA 0.800", Cell(page, watched, "best"));
        Assert.Equal("1 succeeded · 1 queued", Cell(page, watched, "counts"));
        Assert.Equal("0 / 1", Cell(page, other, "done"));
        Assert.Equal("", Cell(page, other, "best"));
    }

    [Fact]
    public void A_new_launch_appears_at_the_top_live()
    {
        var first = Launch("first", "ana", MethodKind.Lora, [1]);
        var page = Render<ExperimentsPage>();
        page.WaitForAssertion(() => Assert.Equal([first], ShownExperimentIds(page)));

        var second = Launch("second", "ben", MethodKind.Lora, [1, 2]);

        page.WaitForAssertion(() => Assert.Equal([second, first], ShownExperimentIds(page)));
        Assert.Equal("0 / 2", Cell(page, second, "done"));
    }

    [Fact]
    public void With_no_experiments_the_page_links_to_the_new_experiment_form()
    {
        var page = Render<ExperimentsPage>();

        page.WaitForAssertion(() => Assert.Contains("No experiments yet.", page.Find("[data-testid=no-experiments]").TextContent));
        Assert.NotNull(page.Find("[data-testid=no-experiments] a[href='/experiments/new']"));
        Assert.Equal("Showing 0 of 0", page.Find("[data-testid=shown]").TextContent);
    }
}
