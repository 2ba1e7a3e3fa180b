using Bunit;
using LabPortal.Portal.Components.Pages.History;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Components;

public sealed class HistoryPageTests : PageTest
{
    private IReadOnlyList<int> Submit(string name, string person, MethodKind method, params int[] seeds)
    {
        var result = Lab.Submissions.Submit(DemoRequests.Of(name, new MethodSpec { Kind = method }, seeds), person);
        return result.Experiment!.RunIds;
    }

    private static List<int> ShownRunIds(IRenderedComponent<HistoryPage> page) =>
        page.FindAll("td[data-run]").Select(td => int.Parse(td.GetAttribute("data-run")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    [Fact]
    public void With_no_runs_the_page_says_so()
    {
        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Contains("No runs yet.", page.Find("[data-testid=no-runs]").TextContent));
        Assert.Equal("0 run(s)", page.Find("[data-testid=total]").TextContent);
    }

    [Fact]
    public void Runs_are_listed_newest_first_with_their_model_method_and_person()
    {
        var full = Submit("full sweep", "ana", MethodKind.Full, 1, 2);
        var head = Submit("probe", "ben", MethodKind.HeadOnly, 1);

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Equal([head[0], full[1], full[0]], ShownRunIds(page)));
        var newest = page.Find($"td[data-run='{head[0]}']").ParentElement!.TextContent;
        Assert.Contains("probe", newest);
        Assert.Contains("head-only", newest);
        Assert.Contains("ben", newest);
        Assert.Contains("tiny", newest);
    }

    [Fact]
    public void Each_run_shows_its_learning_rate_rank_and_epochs_and_the_column_chooser_adds_the_batch_size()
    {
        var full = Submit("full", "ana", MethodKind.Full, 1);
        var lora = Submit("lora", "ana", MethodKind.Lora, 1);
        var popovers = Render<MudBlazor.MudPopoverProvider>(); // where the column menu opens
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Equal(2, ShownRunIds(page).Count));

        string Cell(int run, string column) => page.Find($"td[data-run='{run}']").ParentElement!.QuerySelector($"td[data-column='{column}']")!.TextContent;
        Assert.Equal(("0.0002", "—"), (Cell(full[0], "learning-rate"), Cell(full[0], "rank")));
        Assert.Equal(("0.001", "8"), (Cell(lora[0], "learning-rate"), Cell(lora[0], "rank")));
        Assert.Empty(page.FindAll("td[data-column='batch-size']"));

        page.Find("[data-testid=columns] button").Click();
        popovers.WaitForAssertion(() => popovers.Find("[data-column-choice='batch-size']").Click());

        var batch = LabPortal.Shared.LabJson.Deserialize<ExperimentSpec>(Lab.Runs.Get(lora[0])!.SpecJson).Training.BatchSize;
        page.WaitForAssertion(() => Assert.Equal(batch.ToString(System.Globalization.CultureInfo.InvariantCulture), Cell(lora[0], "batch-size")));
    }

    [Fact]
    public void The_chosen_columns_live_in_the_address_so_a_shared_link_shows_them()
    {
        var lora = Submit("lora", "ana", MethodKind.Lora, 1);
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/history?columns=batch-size,no-such-column,rank");
        var popovers = Render<MudBlazor.MudPopoverProvider>();
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Single(ShownRunIds(page)));

        Assert.NotEmpty(page.FindAll($"td[data-column='batch-size']"));
        Assert.NotEmpty(page.FindAll($"td[data-column='rank']"));
        Assert.Empty(page.FindAll($"td[data-column='learning-rate']"));

        page.Find("[data-testid=columns] button").Click();
        popovers.WaitForAssertion(() => popovers.Find("[data-column-choice='epochs']").Click());

        page.WaitForAssertion(() => Assert.EndsWith("/history?columns=rank,epochs,batch-size", navigation.Uri));
        Assert.NotEmpty(page.FindAll($"td[data-run='{lora[0]}']"));
    }

    [Fact]
    public void Searching_narrows_the_list_to_matching_runs()
    {
        var full = Submit("full sweep", "ana", MethodKind.Full, 1, 2);
        Submit("probe", "ben", MethodKind.HeadOnly, 1);
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Equal(3, ShownRunIds(page).Count));

        page.Find("[data-testid=search] input").Input("SWEEP");
        // The box waits for a pause in typing (MudBlazor times it with the lab's clock).
        Lab.Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Equal("2 run(s)", page.Find("[data-testid=total]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Equal([full[1], full[0]], ShownRunIds(page));
        // The address carries the search, so the view can be shared or reloaded.
        Assert.EndsWith("/history?q=SWEEP", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void A_link_with_a_filter_opens_history_filtered_and_its_downloads_keep_the_filter()
    {
        Submit("full sweep", "ana", MethodKind.Full, 1);
        var head = Submit("probe", "ben", MethodKind.HeadOnly, 1, 2);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/history?method=head-only&person=ben");

        var page = Render<HistoryPage>();

        page.WaitForAssertion(() => Assert.Equal([head[1], head[0]], ShownRunIds(page)));
        Assert.Equal("/api/history.csv?person=ben&method=head-only", page.Find("[data-testid=history-csv]").GetAttribute("href"));
    }

    [Fact]
    public void A_link_with_a_bad_filter_says_what_is_wrong_and_shows_every_run()
    {
        Submit("full sweep", "ana", MethodKind.Full, 1);
        Services.GetRequiredService<NavigationManager>().NavigateTo("/history?state=Bogus");

        var page = Render<HistoryPage>();

        Assert.Contains("state: 'Bogus' is not a run state", page.Find("[data-testid=query-error]").TextContent);
        page.WaitForAssertion(() => Assert.Single(ShownRunIds(page)));
    }

    [Fact]
    public void Thirty_runs_show_25_on_the_first_page_and_the_rest_on_the_next()
    {
        var ids = Submit("many", "ana", MethodKind.Full, [.. Enumerable.Range(1, 30)]);
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Equal(ids.Reverse().Take(25), ShownRunIds(page)));
        Assert.Equal("30 run(s)", page.Find("[data-testid=total]").TextContent);

        page.Find("button[aria-label='Next page']").Click();

        page.WaitForAssertion(() => Assert.Equal(ids.Reverse().Skip(25), ShownRunIds(page)));
    }

    [Fact]
    public void A_tag_added_from_a_row_is_saved_on_the_run_and_shown()
    {
        var runId = Submit("tagged", "ana", MethodKind.Full, 1)[0];
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => page.Find($"button[data-edit='{runId}']").Click());

        page.Find("[data-testid=new-tag] input").Input("baseline");
        page.Find("[data-testid=add-tag]").Click();

        page.WaitForAssertion(() => Assert.Equal(["baseline"], Lab.Runs.Get(runId)!.Tags));
        page.WaitForAssertion(() => Assert.Contains("baseline", page.Find($"td[data-run='{runId}']").ParentElement!.TextContent));
    }

    [Fact]
    public void Notes_saved_from_a_row_are_stored()
    {
        var runId = Submit("noted", "ana", MethodKind.Full, 1)[0];
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => page.Find($"button[data-edit='{runId}']").Click());

        page.Find("[data-testid=notes] textarea").Input("Diverged at step 300.");
        page.Find("[data-testid=save-notes]").Click();

        page.WaitForAssertion(() => Assert.Equal("Diverged at step 300.", Lab.Runs.Get(runId)!.Notes));
        Assert.NotNull(Lab.Runs.Get(runId)!.NotesEditedAt);
    }

    [Fact]
    public void A_new_run_and_a_state_change_appear_live()
    {
        var first = Submit("first", "ana", MethodKind.Full, 1)[0];
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Equal([first], ShownRunIds(page)));

        var second = Submit("second", "ben", MethodKind.Full, 1)[0];
        Lab.ConnectAgent();
        Lab.Lifecycle.TryAssign(first, "agent-1");

        page.WaitForAssertion(() => Assert.Equal([second, first], ShownRunIds(page)));
        page.WaitForAssertion(() => Assert.Contains(nameof(RunState.Assigned), page.Find($"td[data-run='{first}']").ParentElement!.TextContent));
    }

    [Fact]
    public void Selecting_two_runs_offers_to_compare_them()
    {
        var ids = Submit("pair", "ana", MethodKind.Full, 1, 2);
        var page = Render<HistoryPage>();
        page.WaitForAssertion(() => Assert.Equal(2, ShownRunIds(page).Count));

        foreach (var id in ids)
        {
            page.Find($"input[data-select='{id}']").Change(true);
        }

        page.WaitForAssertion(() => Assert.Equal($"/compare?runs={ids[0]},{ids[1]}", page.Find("[data-testid=compare-selected]").GetAttribute("href")));
    }
}
