using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Packaged;
using LabPortal.Shared.Experiments;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models;

/// <summary>A model's default head can differ by task, where a measurement chose another one (bench/README.md).</summary>
public sealed class DefaultHeadByTaskTests
{
    private static readonly PairHead CrossMean = new(HeadKind.CrossEncoder, PoolingKind.Mean);

    private static readonly ModelCatalogue Catalogue = new(
    [
        TinyModel.Entry with { DefaultHead = PairHead.BiMean, HeadByTask = new Dictionary<TaskKind, PairHead> { [TaskKind.Qnli] = CrossMean } },
    ]);

    [Fact]
    public void A_spec_without_a_head_gets_the_tasks_own_default_where_the_model_has_one()
    {
        using var loaded = Catalogue.Create("tiny", seed: 1, torch.CPU, task: TaskFacts.For(TaskKind.Qnli));

        Assert.Equal(CrossMean, loaded.Model.Head);
    }

    [Fact]
    public void Other_tasks_and_custom_datasets_keep_the_models_default_head()
    {
        using var mnli = Catalogue.Create("tiny", seed: 1, torch.CPU, task: TaskFacts.For(TaskKind.Mnli));
        using var custom = Catalogue.Create("tiny", seed: 1, torch.CPU, task: TaskFacts.For(new DatasetSpec { Task = TaskKind.Custom, TextAColumn = "a", TextBColumn = "b", LabelColumn = "y" }));

        Assert.Equal(PairHead.BiMean, mnli.Model.Head);
        Assert.Equal(PairHead.BiMean, custom.Model.Head);
    }

    [Fact]
    public void A_head_the_spec_names_wins_over_the_tasks_default()
    {
        using var loaded = Catalogue.Create("tiny", seed: 1, torch.CPU, new HeadSpec { Kind = HeadKind.BiEncoder }, TaskFacts.For(TaskKind.Qnli));

        Assert.Equal(new PairHead(HeadKind.BiEncoder, PoolingKind.Mean), loaded.Model.Head);
    }

    [Fact]
    public void A_frozen_encoder_keeps_the_models_default_head_on_that_task_too()
    {
        using var probe = Catalogue.Create("tiny", seed: 1, torch.CPU, task: TaskFacts.For(TaskKind.Qnli), method: MethodKind.HeadOnly);

        Assert.Equal(PairHead.BiMean, probe.Model.Head);
    }

    [Fact]
    public void Minilm_reads_qnli_pairs_in_one_encoding_and_every_other_pair_task_one_text_at_a_time()
    {
        Assert.Equal(CrossMean, PackagedModel.MiniLm.HeadByTask[TaskKind.Qnli]);
        Assert.Equal([TaskKind.Qnli], PackagedModel.MiniLm.HeadByTask.Keys);
        Assert.Equal(PairHead.BiMean, PackagedModel.MiniLm.DefaultHead);
    }
}
