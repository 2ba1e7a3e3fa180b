using LabPortal.Agent.Models;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp;

namespace LabPortal.Agent.Tests.Training;

/// <summary>CoLA and SST-2 give one text per example; the engine reads it whole and learns from it.</summary>
public sealed class SingleSentenceTrainingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_tiny_model_memorises_a_small_sst_2_training_set_from_single_sentences()
    {
        var spec = TrainingFixture.QuickSpec() with
        {
            Dataset = new DatasetSpec { Task = TaskKind.Sst2, TrainFile = "train.tsv", ValidationFile = "train.tsv" },
            Training = TrainingFixture.QuickSpec().Training with { Epochs = 16, LogEverySteps = 4 },
        };
        var train = _temp.WriteSlice("train.tsv", Path.Combine(TestPaths.SharedData, "sst2", "train.tsv"), rows: 64);

        var result = new Trainer().Train(new TrainingJob(spec, train, train, torch.CPU), null, CancellationToken.None);

        Assert.Equal(64, result.Evaluation.Total);
        Assert.True(result.Evaluation.Accuracy >= 0.95, $"accuracy {result.Evaluation.Accuracy}, eval loss {result.EvaluationLoss}");
    }

    [Fact]
    public void A_model_whose_default_head_is_a_bi_encoder_reads_a_single_text_whole_with_the_same_pooling()
    {
        Assert.Equal(new PairHead(HeadKind.CrossEncoder, PoolingKind.Mean), PairHead.Resolve(new HeadSpec(), PairHead.BiMean, singleText: true));
        Assert.Equal(PairHead.BiMean, PairHead.Resolve(new HeadSpec(), PairHead.BiMean, singleText: false));
    }
}
