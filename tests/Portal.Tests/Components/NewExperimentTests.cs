using Bunit;
using LabPortal.Portal.Components.Pages.Experiments;
using LabPortal.Portal.Components.Shared;
using LabPortal.Portal.Services.Datasets;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Models;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace LabPortal.Portal.Tests.Components;

public sealed class NewExperimentTests : PageTest
{
    [Fact]
    public void The_form_opens_with_the_demo_files_and_no_messages()
    {
        var page = Render<NewExperiment>();

        Assert.Equal("data/demo/train.tsv", page.Find("#train-file").GetAttribute("value"));
        Assert.Equal("data/demo/dev.tsv", page.Find("#validation-file").GetAttribute("value"));
        Assert.Empty(page.FindAll(".mud-input-error"));
    }

    [Fact]
    public void Choosing_a_model_an_agent_offers_shows_its_size()
    {
        Lab.ConnectAgent("gpu-1", new ModelInfo("minilm", "all-MiniLM-L6-v2", 22_713_216, 384, 6));
        var page = Render<NewExperiment>();

        TypeModel(page, "minilm");

        page.WaitForAssertion(() => Assert.Contains("minilm · 22.7 M parameters · hidden 384 · 6 layers", page.Markup));
    }

    [Fact]
    public void A_model_name_no_agent_offers_is_taken_as_a_checkpoint_folder()
    {
        var page = Render<NewExperiment>();

        TypeModel(page, "models/my-bert");

        page.WaitForAssertion(() => Assert.Contains("Hugging Face checkpoint folder on the agent", page.Markup));
        Assert.Equal("models/my-bert", page.Find("#model").GetAttribute("value"));
    }

    /// <summary>The model picker is an autocomplete: it takes typed text when the field loses focus.</summary>
    private static void TypeModel(IRenderedComponent<NewExperiment> page, string text)
    {
        page.Find("#model").Input(text);
        page.Find("#model").Blur();
    }

    [Fact]
    public void The_form_opens_on_LoRA_at_its_tuned_rate_with_the_registered_demo_data_and_a_name_that_says_so()
    {
        Services.GetRequiredService<DatasetRegistry>().EnsureDemo();
        var page = Render<NewExperiment>();

        Assert.Equal(nameof(MethodKind.Lora), page.FindComponents<MudSelect<MethodKind>>().Single().Find("input").GetAttribute("value"));
        Assert.Contains("Empty: the tuned default, 0.001 for this method", page.Markup);
        Assert.Equal(DatasetRegistry.DemoName, page.FindComponent<MudSelect<string>>().Find("input").GetAttribute("value"));
        Assert.Equal("LoRA · tiny · QQP", page.Find("#name").GetAttribute("value"));
    }

    [Fact]
    public void The_suggested_name_follows_the_preset_until_the_person_types_one()
    {
        var page = Render<NewExperiment>();

        ChoosePreset(page, PresetKind.PaperAblation);
        Assert.Equal("paper ablation · tiny · QQP", page.Find("#name").GetAttribute("value"));

        page.Find("#name").Change("my ablation");
        ChoosePreset(page, PresetKind.MethodComparison);
        Assert.Equal("my ablation", page.Find("#name").GetAttribute("value"));
    }

    [Fact]
    public void Launching_without_a_name_asks_for_one_and_queues_nothing()
    {
        var page = Render<NewExperiment>();

        page.Find("#name").Change("");
        page.Find("[data-testid=launch]").Click();

        Assert.Contains("Give the experiment a name.", page.Markup);
        Assert.Empty(Lab.Runs.ListRecent(10));
    }

    [Fact]
    public void Each_bad_field_shows_its_own_message()
    {
        var page = Render<NewExperiment>();

        page.Find("#name").Change("bad fields");
        page.Find("#train-file").Change("data/demo/nowhere.tsv");
        page.Find("#epochs").Change("0");
        page.Find("#learning-rate").Change("-0.1");
        page.Find("#seeds").Change("42, forty-three");
        page.Find("[data-testid=launch]").Click();

        Assert.Contains("The training file 'data/demo/nowhere.tsv' does not exist.", page.Markup);
        Assert.Contains("Epochs must be between 1 and 1000 (got 0).", page.Markup);
        Assert.Contains("The learning rate must be greater than 0 and below 1 (got -0.1).", page.Markup);
        Assert.Contains("'forty-three' is not a whole number", page.Markup);
        Assert.Empty(Lab.Runs.ListRecent(10));
    }

    [Fact]
    public void A_batch_larger_than_the_training_set_is_refused()
    {
        var page = Render<NewExperiment>();

        page.Find("#batch-size").Change("100000");

        Assert.Contains("The batch size 100000 is larger than the training set", page.Markup);
    }

    [Fact]
    public void Launching_a_valid_form_queues_one_run_per_seed_recorded_as_the_signed_in_person_and_opens_the_experiment()
    {
        var page = Render<NewExperiment>();

        page.Find("#name").Change("two seeds");
        page.Find("#seeds").Change("7, 8");
        page.Find("[data-testid=launch]").Click();

        var runs = Lab.Runs.ListRecent(10).OrderBy(r => r.Id).ToList();
        Assert.Equal([7, 8], runs.Select(r => r.Seed));
        Assert.All(runs, r => Assert.Equal(UserName, r.CreatedBy));
        Assert.Equal(UserName, Lab.Experiments.Get(runs[0].ExperimentId)?.CreatedBy);
        Assert.Equal("data/demo/train.tsv", LabJson.Deserialize<ExperimentSpec>(runs[0].SpecJson).Dataset.TrainFile);
        var navigation = Services.GetRequiredService<NavigationManager>();
        Assert.EndsWith($"/experiments/{runs[0].ExperimentId}", navigation.Uri);
    }

    [Fact]
    public void A_seed_repeat_previews_its_runs_and_seeds_and_launches_them()
    {
        var page = Render<NewExperiment>();

        page.InvokeAsync(() => page.FindComponent<MudSelect<PresetKind>>().Instance.ValueChanged.InvokeAsync(PresetKind.SeedRepeat));
        page.Find("#name").Change("repeat");
        page.Find("#seeds").Change("100");
        page.Find("#seed-repeats").Change("3");

        Assert.Equal("3 run(s)", page.Find("[data-testid=run-count]").TextContent);
        Assert.Contains("Seeds 100, 101, 102", page.Markup);
        page.Find("[data-testid=launch]").Click();
        Assert.Equal([100, 101, 102], Lab.Runs.ListRecent(10).OrderBy(r => r.Id).Select(r => r.Seed));
    }

    [Fact]
    public void The_task_list_offers_every_glue_task_and_c3_on_a_single_sentence_task_is_refused_at_its_switch()
    {
        var page = Render<NewExperiment>();
        var taskSelect = page.FindComponent<MudSelect<TaskKind>>();
        Assert.Equal(TaskFacts.Choosable, taskSelect.FindComponents<MudSelectItem<TaskKind>>().Select(i => i.Instance.Value));

        page.InvokeAsync(() => page.FindComponent<MudSelect<MethodKind>>().Instance.ValueChanged.InvokeAsync(MethodKind.EnhancedLora));
        page.InvokeAsync(() => taskSelect.Instance.ValueChanged.InvokeAsync(TaskKind.Cola));
        page.Find("#name").Change("cola");
        page.Find("[data-testid=launch]").Click();

        Assert.Contains("CoLA is a single-sentence task. Turn the matching score off.", page.Find("[data-testid=form-problems]").TextContent);
        Assert.Empty(Lab.Runs.ListRecent(10));
    }

    [Fact]
    public void A_custom_task_with_one_text_and_class_names_refuses_a_single_name_at_its_field_and_launches_with_the_names()
    {
        var page = Render<NewExperiment>();
        page.InvokeAsync(() => page.FindComponent<MudSelect<TaskKind>>().Instance.ValueChanged.InvokeAsync(TaskKind.Custom));
        page.Find("#name").Change("custom classes");
        page.Find("#text-a-column").Change("question1");
        page.Find("#label-column").Change("is_duplicate");
        page.InvokeAsync(() => page.FindComponent<MudSelect<CustomLabelKind>>().Instance.ValueChanged.InvokeAsync(CustomLabelKind.ClassNames));
        page.Find("#label-names").Change("no");
        page.Find("[data-testid=launch]").Click();

        Assert.Contains("Give at least two class names", page.Markup);
        Assert.Empty(Lab.Runs.ListRecent(10));

        page.Find("#label-names").Change("no, yes");
        page.Find("[data-testid=launch]").Click();

        var dataset = LabJson.Deserialize<ExperimentSpec>(Assert.Single(Lab.Runs.ListRecent(10)).SpecJson).Dataset;
        Assert.Equal((TaskKind.Custom, "question1", "", "is_duplicate"), (dataset.Task, dataset.TextAColumn, dataset.TextBColumn, dataset.LabelColumn));
        Assert.Equal(["no", "yes"], dataset.LabelNames);
    }

    [Fact]
    public void Choosing_the_paper_ablation_switches_the_method_fields_to_what_its_rows_use_and_previews_each_row_with_its_spec_and_command()
    {
        var page = Render<NewExperiment>();
        Assert.Empty(page.FindAll("#lr-scale-b"));
        Assert.Equal([VariantGenerator.PlainLora], page.FindAll("[data-testid=variant-preview] tbody tr").Select(r => r.GetAttribute("data-variant")));

        ChoosePreset(page, PresetKind.PaperAblation);
        page.Find("#seeds").Change("1, 2");

        var method = page.FindComponents<MudSelect<MethodKind>>().Single();
        Assert.Equal((nameof(MethodKind.EnhancedLora), true), (method.Find("input").GetAttribute("value"), method.Instance.Disabled));
        Assert.All(new[] { "#rank", "#alpha", "#lr-scale-a", "#lr-scale-b", "#gamma" }, field => Assert.Single(page.FindAll(field)));
        var rows = page.FindAll("[data-testid=variant-preview] tbody tr");
        Assert.Equal(
            [VariantGenerator.Ours, VariantGenerator.WithoutAdaptiveRates, VariantGenerator.WithoutLowRankInit, VariantGenerator.PlainLora],
            rows.Select(r => r.GetAttribute("data-variant")));
        Assert.Equal(["enhanced LoRA (C1 C2 C3)", "8", $"1 / {new MethodSpec().LrScaleB}", "0.001", "1, 2", "2"], Cells(rows[0]).Skip(1));
        Assert.Equal([VariantGenerator.PlainLora, VariantGenerator.PlainLora, "8", "—", "0.001", "1, 2", "2"], Cells(rows[3]));

        // The first row's spec, then the one clicked.
        Assert.Contains("\"kind\": \"enhanced-lora\"", page.Find("[data-testid=spec-json]").TextContent);
        Assert.Equal("dotnet run --project src/Agent -c Release -- train --spec spec.json --seeds 1,2", page.Find("[data-testid=train-command]").TextContent);
        page.FindAll("[data-testid=variant-preview] tbody tr")[3].Click();
        var plain = LabJson.Deserialize<ExperimentSpec>(page.Find("[data-testid=spec-json]").TextContent);
        Assert.Equal((MethodKind.Lora, 1, 0.001), (plain.Method.Kind, plain.Seed, plain.Training.LearningRate));
    }

    [Fact]
    public void The_advanced_options_are_on_the_form_at_their_defaults_and_reach_the_runs()
    {
        var page = Render<NewExperiment>();
        var defaults = new TrainingSpec();
        Assert.Equal(defaults.WarmupRatio.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("#warmup-ratio").GetAttribute("value"));
        Assert.Equal(defaults.WeightDecay.ToString(System.Globalization.CultureInfo.InvariantCulture), page.Find("#weight-decay").GetAttribute("value"));

        page.Find("#warmup-ratio").Change("0.1");
        page.Find("#weight-decay").Change("0");
        page.Find("#max-grad-norm").Change("0");
        page.InvokeAsync(() => page.FindComponent<MudSelect<ScheduleKind>>().Instance.ValueChanged.InvokeAsync(ScheduleKind.Cosine));
        page.Find("[data-testid=launch]").Click();

        var training = LabJson.Deserialize<ExperimentSpec>(Assert.Single(Lab.Runs.ListRecent(10)).SpecJson).Training;
        Assert.Equal((0.1, 0.0, 0.0, ScheduleKind.Cosine), (training.WarmupRatio, training.WeightDecay, training.MaxGradNorm, training.Schedule));
    }

    private static void ChoosePreset(IRenderedComponent<NewExperiment> page, PresetKind preset) =>
        page.InvokeAsync(() => page.FindComponent<MudSelect<PresetKind>>().Instance.ValueChanged.InvokeAsync(preset));

    private static List<string> Cells(AngleSharp.Dom.IElement row) => row.QuerySelectorAll("td").Select(c => c.TextContent).ToList();
}
