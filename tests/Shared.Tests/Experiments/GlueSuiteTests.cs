using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;
using LabPortal.Shared.Tests.Validation;

namespace LabPortal.Shared.Tests.Experiments;

public sealed class GlueSuiteTests
{
    private static readonly ExperimentRequest Suite = new()
    {
        Name = "glue", Preset = PresetKind.GlueSuite, GlueFolder = "glue/", Seeds = [1, 2],
        Spec = new ExperimentSpec { Model = "minilm", Head = new HeadSpec { Kind = HeadKind.BiEncoder } },
    };

    [Fact]
    public void The_suite_runs_every_glue_task_with_each_method_on_every_seed_reading_each_tasks_own_files()
    {
        var plans = Suite.ExpandRuns();

        Assert.Equal(8 * 4 * 2, plans.Count);
        var cola = plans.Where(p => p.Spec.Dataset.Task == TaskKind.Cola).ToList();
        Assert.All(cola, p => Assert.Equal(("glue/cola/train.tsv", "glue/cola/dev.tsv"), (p.Spec.Dataset.TrainFile, p.Spec.Dataset.ValidationFile)));
        Assert.Equal(["head-only · CoLA", "LoRA · CoLA", "enhanced LoRA · CoLA", "full fine-tuning · CoLA"], cola.Select(p => p.Variant).Distinct());
        Assert.All(plans, p => Assert.NotNull(p.Spec.Training.LearningRate)); // each method at its tuned rate
        Assert.All(cola, p => Assert.Equal(CheckpointMetric.Mcc, p.Spec.Training.BestMetric)); // not CoLA's majority class
        Assert.All(plans.Where(p => p.Spec.Dataset.Task == TaskKind.Stsb), p => Assert.Equal(CheckpointMetric.Pearson, p.Spec.Training.BestMetric));
        Assert.All(plans.Where(p => p.Spec.Dataset.Task == TaskKind.Rte), p => Assert.Equal(CheckpointMetric.Accuracy, p.Spec.Training.BestMetric));
    }

    [Fact]
    public void Enhanced_lora_keeps_c3_only_on_two_class_pairs_and_a_single_sentence_task_drops_the_bi_encoder()
    {
        var enhanced = Suite.ExpandRuns().Where(p => p.Spec.Method.Kind == MethodKind.EnhancedLora).DistinctBy(p => p.Spec.Dataset.Task).ToList();

        Assert.Equal(
            [TaskKind.Mrpc, TaskKind.Qqp, TaskKind.Qnli, TaskKind.Rte],
            enhanced.Where(p => p.Spec.Method.DensityMatching).Select(p => p.Spec.Dataset.Task));
        Assert.All(enhanced.Where(p => TaskFacts.For(p.Spec.Dataset.Task).SingleText), p => Assert.Null(p.Spec.Head.Kind));
        Assert.All(enhanced.Where(p => p.Spec.Dataset.Task == TaskKind.Qqp), p => Assert.Equal(HeadKind.BiEncoder, p.Spec.Head.Kind));
    }

    [Fact]
    public void A_missing_task_file_is_reported_once_at_the_glue_folder_and_a_complete_folder_is_accepted()
    {
        var complete = TaskFacts.Glue.SelectMany(t => new[] { $"glue/{LabJson.NameOf(t)}/train.tsv", $"glue/{LabJson.NameOf(t)}/dev.tsv" })
            .ToDictionary(path => path, _ => 100);
        Assert.Empty(SpecValidator.Validate(Suite, new FakeDatasetFiles(complete)));

        complete.Remove("glue/rte/dev.tsv");
        var error = Assert.Single(SpecValidator.Validate(Suite, new FakeDatasetFiles(complete)));

        Assert.Equal("glueFolder", error.Field);
        Assert.Contains("glue/rte/dev.tsv", error.Message);
    }
}
