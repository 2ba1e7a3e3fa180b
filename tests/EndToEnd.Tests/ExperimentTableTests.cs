using System.Net.Http.Json;
using System.Text.Json;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using static Microsoft.Playwright.Assertions;

namespace LabPortal.EndToEnd.Tests;

/// <summary>A person watches a method comparison fill its table as the agent finishes each variant.</summary>
public sealed class ExperimentTableTests : PortalBrowserTest
{

    [Fact]
    public async Task A_method_comparison_fills_one_row_per_method_live_in_theBrowser()
    {
        using var client = CreateApiClient();
        var request = new ExperimentRequest
        {
            Name = "methods",
            Preset = PresetKind.MethodComparison,
            Spec = new ExperimentSpec
            {
                Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
                Method = new MethodSpec { Rank = 4, DensityMatching = false },
                Training = new TrainingSpec { Epochs = 1, BatchSize = 32, MaxLength = 32 },
            },
        };
        var created = await (await client.PostAsJsonAsync("/api/experiments", request, LabJson.Options)).Content.ReadFromJsonAsync<JsonElement>();

        await Browser.OpenAsync(new Uri(Address, $"/experiments/{created.GetProperty("experimentId").GetInt32()}"));

        var page = Browser.Page;
        foreach (var variant in new[] { VariantGenerator.FullFineTuning, VariantGenerator.HeadOnly, VariantGenerator.PlainLora, VariantGenerator.Ours })
        {
            var row = page.Locator($"tr[data-variant='{variant}'][data-reported='false']");
            await Expect(row).ToContainTextAsync("1 / 1", new() { Timeout = 180_000 });
            await Expect(row.Locator("[data-metric=accuracy]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d\.\d{3}$"));
        }
    }
}
