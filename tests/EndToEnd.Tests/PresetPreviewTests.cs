using LabPortal.Shared.Experiments;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A person picks a preset and reads, before launching, which rows it queues and the spec each one runs.</summary>
public sealed class PresetPreviewTests : PortalBrowserTest
{
    [Fact]
    public async Task Choosing_the_paper_ablation_shows_its_method_its_four_rows_and_the_spec_and_train_command_of_a_row()
    {
        var page = Browser.Page;
        await Browser.OpenAsync(new Uri(Address, "/experiments/new"));
        await Expect(Browser.SelectLabelled("Method")).ToContainTextAsync("LoRA", new() { Timeout = 60_000 });
        await Expect(Browser.SelectLabelled("Method")).Not.ToContainTextAsync("Enhanced");

        await Browser.PickAsync(page.Locator("[data-testid=preset]"), "Paper ablation");
        await Browser.SetFieldAsync("#seeds", "42, 43");

        var rows = page.Locator("[data-testid=variant-preview] tbody tr");
        await Expect(rows).ToHaveCountAsync(4, new() { Timeout = 60_000 });
        await Expect(rows.Nth(3)).ToHaveAttributeAsync("data-variant", VariantGenerator.PlainLora);
        await Expect(Browser.SelectLabelled("Method")).ToContainTextAsync("Enhanced LoRA");
        await Expect(page.Locator("#rank")).ToBeVisibleAsync();
        await Expect(page.Locator("#lr-scale-b")).ToBeVisibleAsync();
        await Expect(page.Locator("#name")).ToHaveValueAsync("paper ablation · tiny · QQP");

        await rows.Nth(3).ClickAsync();
        await page.GetByText("Spec and train command: LoRA").ClickAsync();
        await Expect(page.Locator("[data-testid=spec-json]")).ToContainTextAsync("\"kind\": \"lora\"");
        await Expect(page.Locator("[data-testid=train-command]")).ToHaveTextAsync("dotnet run --project src/Agent -c Release -- train --spec spec.json --seeds 42,43");
    }
}
