using Bunit;
using LabPortal.Portal.Components.Pages.Datasets;
using LabPortal.Portal.Components.Pages.Experiments;
using LabPortal.Portal.Services.Datasets;
using LabPortal.Portal.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LabPortal.Portal.Tests.Components;

public sealed class DatasetsPageTests : PageTest
{
    [Fact]
    public void Registering_a_dataset_lists_it_with_its_fingerprint()
    {
        var page = Render<DatasetsPage>();
        Assert.Contains("No dataset is registered yet", page.Find("[data-testid=no-datasets]").TextContent);

        page.Find("#dataset-name").Change("demo copy");
        page.Find("#dataset-train-file").Change("data/demo/train.tsv");
        page.Find("#dataset-validation-file").Change("data/demo/dev.tsv");
        page.Find("[data-testid=register]").Click();

        Assert.Equal("demo copy", page.Find("[data-dataset]").TextContent);
        Assert.Equal("qqp", page.Find("[data-testid=listed-task]").TextContent); // as specs and the form spell it
        Assert.EndsWith("…", page.Find("[data-testid=train-sha]").TextContent);
        Assert.Equal(64, page.Find("[data-testid=train-sha]").GetAttribute("title")!.Length);
    }

    [Fact]
    public void A_path_outside_the_data_root_is_refused_on_its_field()
    {
        var page = Render<DatasetsPage>();

        page.Find("#dataset-name").Change("escape");
        page.Find("#dataset-train-file").Change("/etc/passwd");
        page.Find("#dataset-validation-file").Change("data/demo/dev.tsv");
        page.Find("[data-testid=register]").Click();

        Assert.Contains("'/etc/passwd' is outside the data root", page.Markup);
        Assert.Empty(Lab.Datasets.List());
    }

    [Fact]
    public void Picking_a_registered_dataset_fills_the_new_experiment_forms_dataset_fields()
    {
        Services.GetRequiredService<DatasetRegistry>().Register(new DatasetRegistration
        {
            Name = "dev only",
            Dataset = new() { TrainFile = "data/demo/dev.tsv", ValidationFile = "data/demo/dev.tsv" },
        }, "tester");
        var page = Render<NewExperiment>();

        page.InvokeAsync(() => page.FindComponents<MudSelect<string>>()
            .Single(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == "dataset-picker")
            .Instance.ValueChanged.InvokeAsync("dev only"));

        Assert.Equal("data/demo/dev.tsv", page.Find("#train-file").GetAttribute("value"));
        Assert.Equal("data/demo/dev.tsv", page.Find("#validation-file").GetAttribute("value"));
    }
}
