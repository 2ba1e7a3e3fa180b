using System.IO.Compression;
using System.Text.RegularExpressions;
using LabPortal.Agent.Tests.Models.Gpt2;
using LabPortal.Agent.Tests.Models.Llama;
using LabPortal.Agent.Tests.Models.T5;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>
/// The model-families issue's "done when": a person trains a Llama-layout, a GPT-2-layout and a T5 checkpoint folder
/// with enhanced LoRA from the form on the demo data, downloads each adapter and scores a pair with it in the
/// playground. The folders are small random checkpoints in Hugging Face's layout, written by the agent's tests.
/// </summary>
public sealed partial class ModelFamiliesFlowTests : PortalBrowserTest, IDisposable
{
    private readonly DataRootFolder _folder = new("e2e-models");

    public ModelFamiliesFlowTests()
    {
        try
        {
            SmallLlamaCheckpoint.Write(_folder.Full("llama"));
            SmallGpt2Checkpoint.Write(_folder.Full("gpt2"));
            SmallT5Checkpoint.Write(_folder.Full("t5"));
        }
        catch
        {
            _folder.Dispose(); // xUnit disposes no test class whose constructor threw
            throw;
        }
    }

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("llama", "q_proj, v_proj")]
    [InlineData("gpt2", "c_attn")]
    [InlineData("t5", "q, v")]
    public async Task A_checkpoint_folder_trains_with_enhanced_lora_from_the_form_and_its_adapter_downloads_and_scores_in_the_playground(
        string family, string targets)
    {
        var page = Browser.Page;
        await Browser.OpenAsync(new Uri(Address, "/experiments/new"));
        await Browser.SetFieldAsync("#name", $"{family} folder");
        await Browser.SetFieldAsync("#model", $"{_folder.Relative}/{family}");
        await Browser.PickAsync(Browser.SelectLabelled("Method"), "Enhanced LoRA");
        await Browser.SetFieldAsync("#target-modules", targets);
        await Browser.SetFieldAsync("#seeds", "1");
        await Browser.SetFieldAsync("#epochs", "1");
        await Browser.SetFieldAsync("#batch-size", "16");
        await Browser.SetFieldAsync("#max-length", "48");
        await Browser.LaunchAsync(RunPage());

        await Expect(page.Locator("[data-state]")).ToHaveTextAsync("Succeeded", new() { Timeout = 300_000 });
        await Expect(page.Locator("[data-testid=matching]")).ToContainTextAsync("S_match ≥ τ");

        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-testid=downloads] a", new() { HasText = "adapter.zip" }).ClickAsync());
        using (var adapter = ZipFile.OpenRead(await download.PathAsync()))
        {
            Assert.Superset(new HashSet<string> { "adapter_config.json", "adapter_model.safetensors" }, adapter.Entries.Select(e => e.FullName).ToHashSet());
        }

        await page.ClickAsync("[data-testid=try-it]");
        await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await Browser.SetFieldAsync("#first", "How do I learn Python quickly?");
        await Browser.SetFieldAsync("#second", "What is the fastest way to learn Python?");
        await page.ClickAsync("[data-testid=score]");
        // The agent builds the run's model from its folder and files on the first pair; then the result, or an error.
        await page.Locator("[data-testid=result], [data-testid=error]").First.WaitForAsync(new() { Timeout = 120_000 });
        var errors = await page.Locator("[data-testid=error]").AllInnerTextsAsync();
        Assert.True(errors.Count == 0, $"The playground said: {string.Join(" ", errors)}");
        await Expect(page.Locator("[data-testid=decision]")).ToHaveTextAsync(Decision());
        await Expect(page.Locator("[data-testid=match-score]")).ToHaveTextAsync(new Regex(@"^-?\d\.\d{4}$"));
    }

    [GeneratedRegex(@"/runs/\d+$")]
    private static partial Regex RunPage();

    [GeneratedRegex("^(Duplicate|Not a duplicate)$")]
    private static partial Regex Decision();
}
