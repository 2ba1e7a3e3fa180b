using LabPortal.Agent.Artifacts;
using LabPortal.Agent.Data;
using LabPortal.Agent.Models;
using LabPortal.Agent.Training;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using TorchSharp;

namespace LabPortal.Agent.Tests.Training;

/// <summary>
/// Beyond two-class pairs: CoLA and SST-2 give one text per example, read whole; MNLI has three classes, one logit
/// each, and a 3×3 confusion matrix, as does a custom file with three named classes. Each learns a small slice of its real training file by heart.
/// </summary>
public sealed class TaskKindTrainingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_tiny_model_memorises_a_small_sst_2_training_set_from_single_sentences()
    {
        var result = Memorise(TaskKind.Sst2);

        Assert.Equal(64, result.Evaluation.Total);
        Assert.Null(result.Evaluation.Classes);
        Assert.True(result.Evaluation.Accuracy >= 0.95, $"accuracy {result.Evaluation.Accuracy}, eval loss {result.EvaluationLoss}");
    }

    [Fact]
    public void A_run_on_mnli_pairs_learns_its_training_set_and_ends_with_a_three_by_three_confusion_matrix()
    {
        var result = Memorise(TaskKind.Mnli);

        var matrix = result.Evaluation.Classes!;
        Assert.Equal(3, matrix.ClassCount);
        Assert.Equal(64, matrix.Total);
        Assert.All(matrix.Rows, row => Assert.Equal(3, row.Length));
        Assert.True(result.Evaluation.Accuracy >= 0.9, $"accuracy {result.Evaluation.Accuracy}, rows {string.Join(" / ", matrix.Rows.Select(r => string.Join(",", r)))}");

        // predictions.tsv names each example's class (0 entailment, 1 neutral, 2 contradiction), as the matrix counts them.
        var rows = File.ReadAllLines(Path.Combine(_temp.Path, "out", PredictionsFile.FileName)).Skip(1).Select(l => l.Split('\t')).ToList();
        Assert.Equal(64, rows.Count);
        Assert.Equal(matrix.Rows.Select((row, actual) => row[actual]).Sum(), rows.Count(r => r[1] == r[3]));
        Assert.Equal(["0", "1", "2"], rows.Select(r => r[1]).Distinct().Order());
    }

    [Fact]
    public void A_regression_head_learns_sts_b_scores_with_a_falling_squared_error_and_reports_pearson_and_spearman()
    {
        var reports = new List<ProgressReport>();

        var result = Memorise(TaskKind.Stsb, reports);

        var regression = result.Regression!;
        Assert.Equal(64, regression.Count);
        Assert.Equal(0, result.Evaluation.Total); // no classes to count
        var train = reports.Where(r => r.Kind == ProgressKind.Train).ToList();
        Assert.True(TrainingFixture.MeanLoss(train, epoch: 1) > 2 * TrainingFixture.MeanLoss(train, epoch: 16),
            $"mean squared error went from {TrainingFixture.MeanLoss(train, 1)} in epoch 1 to {TrainingFixture.MeanLoss(train, 16)} in epoch 16");
        Assert.True(regression.Pearson >= 0.8, $"Pearson {regression.Pearson}, Spearman {regression.Spearman}, MSE {regression.MeanSquaredError}");
        Assert.All(reports.Where(r => r.Kind == ProgressKind.Eval), r => Assert.NotNull(r.Regression));

        // predictions.tsv holds the gold and the predicted score of each pair.
        var first = File.ReadLines(Path.Combine(_temp.Path, "out", PredictionsFile.FileName)).Skip(1).First().Split('\t');
        Assert.InRange(double.Parse(first[1], System.Globalization.CultureInfo.InvariantCulture), 0, 5);
        Assert.True(double.IsFinite(double.Parse(first[3], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void A_regression_head_starts_at_the_mean_score_it_is_given_and_a_classifier_refuses_to()
    {
        using var loaded = new ModelCatalogue([TinyModel.Entry]).Create("tiny", seed: 1, torch.CPU, task: TaskFacts.For(TaskKind.Stsb));
        var model = loaded.Model;
        model.eval();

        model.StartScoresAt(2.7);

        var width = model.Head.Kind == HeadKind.BiEncoder ? 4 * model.HiddenSize : model.HiddenSize;
        using var score = model.Classify(torch.zeros(1, width)); // features of 0: the bias alone
        Assert.Equal(2.7, score.item<float>(), 5);
        using var classifier = new ModelCatalogue([TinyModel.Entry]).Create("tiny", seed: 1, torch.CPU, task: TaskFacts.For(TaskKind.Mnli));
        Assert.Throws<InvalidOperationException>(() => classifier.Model.StartScoresAt(1));
    }

    [Fact]
    public void A_model_whose_default_head_is_a_bi_encoder_reads_a_single_text_whole_with_the_same_pooling()
    {
        Assert.Equal(new PairHead(HeadKind.CrossEncoder, PoolingKind.Mean), PairHead.Resolve(new HeadSpec(), PairHead.BiMean, singleText: true));
        Assert.Equal(PairHead.BiMean, PairHead.Resolve(new HeadSpec(), PairHead.BiMean, singleText: false));
    }

    [Fact]
    public void A_custom_file_with_three_named_classes_trains_and_ends_with_a_three_by_three_confusion_matrix()
    {
        // MNLI's first 64 training pairs, rewritten as a custom file whose label column names the classes its own way.
        string[] names = ["follows", "unclear", "conflicts"];
        var mnli = Slice(TaskKind.Mnli);
        var rows = PairFileReader.Read(mnli, new DatasetSpec { Task = TaskKind.Mnli }).Select(p => $"{p.First}\t{p.Second}\t{names[(int)p.Label]}");
        var file = _temp.Write("verdicts.tsv", "premise\thypothesis\tverdict\n" + string.Join('\n', rows) + "\n");
        var dataset = new DatasetSpec
        {
            Task = TaskKind.Custom, TrainFile = "verdicts.tsv", ValidationFile = "verdicts.tsv",
            TextAColumn = "premise", TextBColumn = "hypothesis", LabelColumn = "verdict", LabelNames = names,
        };

        var result = Memorise(dataset, file);

        var matrix = result.Evaluation.Classes!;
        Assert.Equal((3, 64L), (matrix.ClassCount, matrix.Total));
        Assert.All(matrix.Rows, row => Assert.Equal(3, row.Length));
        Assert.True(result.Evaluation.Accuracy >= 0.9, $"accuracy {result.Evaluation.Accuracy}, rows {string.Join(" / ", matrix.Rows.Select(r => string.Join(",", r)))}");
    }

    /// <summary>Full fine-tuning of tiny for 16 epochs on 64 rows of the task's real training file, evaluated on the same rows.</summary>
    private TrainingResult Memorise(TaskKind task, List<ProgressReport>? reports = null) =>
        Memorise(new DatasetSpec { Task = task, TrainFile = "train.tsv", ValidationFile = "train.tsv" }, Slice(task), reports);

    private TrainingResult Memorise(DatasetSpec dataset, string train, List<ProgressReport>? reports = null)
    {
        var spec = TrainingFixture.QuickSpec() with
        {
            Dataset = dataset,
            Training = TrainingFixture.QuickSpec().Training with { Epochs = 16, LogEverySteps = 4 },
        };
        var job = new TrainingJob(spec, train, train, torch.CPU, ArtifactFolder: Path.Combine(_temp.Path, "out"));
        return new Trainer().Train(job, reports is null ? null : new SynchronousProgress(reports), CancellationToken.None);
    }

    /// <summary>The header and first 64 rows of the task's real training file.</summary>
    private string Slice(TaskKind task) => _temp.WriteSlice("train.tsv", Path.Combine(TestPaths.SharedData, LabJson.NameOf(task), "train.tsv"), rows: 64);
}
