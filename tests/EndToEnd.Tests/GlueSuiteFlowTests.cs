using System.Text.RegularExpressions;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>
/// The GLUE issue's "done when": a person launches the GLUE suite from the form, watches it run, and reads and exports
/// the GLUE table. On small slices of the real GLUE files (../shared/data) and the tiny model, so 32 runs fit CI.
/// </summary>
public sealed partial class GlueSuiteFlowTests : PortalBrowserTest, IDisposable
{
    private readonly DataRootFolder _folder = new("e2e-glue");

    public GlueSuiteFlowTests()
    {
        foreach (var task in TaskFacts.Glue)
        {
            var source = Path.Combine(RepositoryPaths.Root, "..", "shared", "data", LabJson.NameOf(task));
            var target = Directory.CreateDirectory(_folder.Full(LabJson.NameOf(task))).FullName;
            var header = TaskFacts.For(task).Title == "CoLA" ? 0 : 1; // CoLA's files have no header row
            File.WriteAllLines(Path.Combine(target, "train.tsv"), File.ReadLines(Path.Combine(source, "train.tsv")).Take(header + 48));
            File.WriteAllLines(Path.Combine(target, "dev.tsv"), File.ReadLines(Path.Combine(source, "dev.tsv")).Take(header + 24));
        }
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_person_launches_the_glue_suite_from_the_form_and_reads_and_exports_the_glue_table()
    {
        var page = Browser.Page;
        await Browser.OpenAsync(new Uri(Address, "/experiments/new"));
        await Browser.SetFieldAsync("#name", "glue suite");
        await Browser.PickAsync(page.Locator("[data-testid=preset]"), "GLUE suite");
        await Browser.SetFieldAsync("#glue-folder", _folder.Relative);
        await Browser.SetFieldAsync("#seeds", "1");
        await Browser.SetFieldAsync("#epochs", "1");
        await Browser.SetFieldAsync("#batch-size", "16");
        await Browser.SetFieldAsync("#max-length", "32");
        await Expect(page.Locator("[data-testid=run-count]")).ToHaveTextAsync("32 run(s)");
        await Expect(page.Locator("[data-testid=variant-preview] tbody tr")).ToHaveCountAsync(32);

        await Browser.LaunchAsync(ExperimentPage());

        // Every method's row fills in as its eight tasks finish; the average then covers all of them.
        var table = page.Locator("[data-testid=glue-table]");
        foreach (var method in new[] { "head-only", "LoRA", "enhanced LoRA", "full fine-tuning" })
        {
            await Expect(table.Locator($"tr[data-method='{method}'] [data-testid=glue-average]")).ToHaveTextAsync(Score(), new() { Timeout = 600_000 });
        }

        await Expect(table.Locator("tr[data-method='LoRA'] [data-task=stsb]")).ToHaveTextAsync(Score());
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=glue-csv]"));
        var csv = CsvReader.Records(await File.ReadAllTextAsync(await download.PathAsync()));
        Assert.Equal(["head-only", "LoRA", "enhanced LoRA", "full fine-tuning"], csv.Select(r => r["method"]));
        Assert.All(csv, row =>
        {
            Assert.Equal("true", row["all_tasks_scored"]);
            Assert.Equal("1", row["mnli_seeds_done"]);
        });
    }

    [GeneratedRegex(@"/experiments/\d+$")]
    private static partial Regex ExperimentPage();

    // A task score or the average in percent, for every task scored ("(so far)" would follow otherwise); MCC and
    // Pearson may be negative on so little training.
    [GeneratedRegex(@"^\s*-?\d+\.\d\s*$")]
    private static partial Regex Score();
}
