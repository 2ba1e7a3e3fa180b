using System.Globalization;
using LabPortal.Agent.Data;
using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Agent.Playground;
using LabPortal.Agent.Tests.Training;
using LabPortal.Agent.Training;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using TorchSharp;

namespace LabPortal.Agent.Tests.Playground;

public sealed class RunModelTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Output => Path.Combine(_temp.Path, "run");

    [Fact]
    public void A_head_only_run_rebuilt_from_its_files_scores_a_validation_pair_as_its_evaluator_did()
    {
        var spec = TrainingFixture.QuickSpec() with
        {
            Method = new MethodSpec { Kind = MethodKind.HeadOnly },
            Training = TrainingFixture.QuickSpec().Training with { Epochs = 1 },
        };
        var job = TrainingFixture.Job(_temp, spec) with { ArtifactFolder = Output };
        new Trainer().Train(job, null, CancellationToken.None);
        var pair = PairFileReader.Read(job.ValidationPath, spec.Dataset).ElementAt(3);
        var evaluated = double.Parse(File.ReadLines(Path.Combine(Output, "predictions.tsv")).ElementAt(1 + 3).Split('\t')[2], CultureInfo.InvariantCulture);

        using var model = RunModel.Load(new ModelCatalogue([TinyModel.Entry]), "Run 7", Output, torch.CPU);
        var score = model.Score(7, "agent", pair.First, pair.Second!);

        Assert.Equal(evaluated, score.Probability, 1e-5);
        Assert.Equal(evaluated > 0.5, score.IsDuplicate);
        Assert.Null(score.MatchScore);
    }

    [Fact]
    public void A_bi_encoder_lora_run_rebuilt_from_its_adapter_folds_it_into_the_weights_and_scores_validation_pairs_as_its_evaluator_did()
    {
        var spec = TrainingFixture.QuickSpec() with
        {
            Method = new MethodSpec { Kind = MethodKind.Lora, Rank = 4 },
            Head = new HeadSpec { Kind = HeadKind.BiEncoder, Pooling = PoolingKind.Mean },
            Training = TrainingFixture.QuickSpec().Training with { Epochs = 1, LearningRate = 5e-3, Precision = PrecisionKind.Fp32 },
        };
        var job = TrainingFixture.Job(_temp, spec) with { ArtifactFolder = Output };
        new Trainer().Train(job, null, CancellationToken.None);
        var pairs = PairFileReader.Read(job.ValidationPath, spec.Dataset).Take(6).ToList();
        var evaluated = File.ReadLines(Path.Combine(Output, "predictions.tsv")).Skip(1).Take(6)
            .Select(line => double.Parse(line.Split('\t')[2], CultureInfo.InvariantCulture)).ToList();
        ZipAdapter();

        using var model = RunModel.Load(new ModelCatalogue([TinyModel.Entry]), "Run 7", Output, torch.CPU);
        var scores = pairs.Select(p => model.Score(7, "agent", p.First, p.Second!).Probability).ToList();

        Assert.All(scores.Zip(evaluated), s => Assert.Equal(s.Second, s.First, 1e-5));
        Assert.True(evaluated.Distinct().Count() > 1, "the test needs a trained model that tells pairs apart");
        Assert.All(LoraInjector.Adapters(model.Loaded.Model), a => Assert.True(a.Layer.Merged, "fp32 adapters are folded in for scoring"));
    }

    [Fact]
    public void A_zero_shot_run_needs_no_weights_and_answers_by_its_threshold()
    {
        var spec = TrainingFixture.QuickSpec() with
        {
            Method = new MethodSpec { Kind = MethodKind.ZeroShot },
            Training = TrainingFixture.QuickSpec().Training with { SelectionSplit = 0.2 },
        };
        var job = TrainingFixture.Job(_temp, spec) with { ArtifactFolder = Output };
        var result = new Trainer().Train(job, null, CancellationToken.None);
        var pair = PairFileReader.Read(job.ValidationPath, spec.Dataset).ElementAt(2);
        var cosine = double.Parse(File.ReadLines(Path.Combine(Output, "predictions.tsv")).ElementAt(1 + 2).Split('\t')[2], CultureInfo.InvariantCulture);

        using var model = RunModel.Load(new ModelCatalogue([TinyModel.Entry]), "Run 7", Output, torch.CPU);
        var score = model.Score(7, "agent", pair.First, pair.Second!);

        Assert.Equal(cosine, score.Probability, 1e-5);
        Assert.Equal(result.MatchingThreshold, score.Threshold);
        Assert.Equal(cosine >= result.MatchingThreshold, score.IsDuplicate);
    }

    [Theory]
    [InlineData(TaskKind.Mnli)]
    [InlineData(TaskKind.Stsb)]
    [InlineData(TaskKind.Sst2)]
    public void A_run_of_three_classes_a_score_or_one_text_answers_as_its_evaluator_did(TaskKind task)
    {
        var facts = TaskFacts.For(task);
        var train = _temp.WriteSlice("train.tsv", Path.Combine(TestPaths.SharedData, LabJson.NameOf(task), "train.tsv"), rows: 24);
        var spec = TrainingFixture.QuickSpec() with
        {
            Dataset = new DatasetSpec { Task = task, TrainFile = "train.tsv", ValidationFile = "train.tsv" },
            Method = new MethodSpec { Kind = MethodKind.HeadOnly },
            Training = TrainingFixture.QuickSpec().Training with { Epochs = 1 },
        };
        new Trainer().Train(new TrainingJob(spec, train, train, torch.CPU, ArtifactFolder: Output), null, CancellationToken.None);
        var example = PairFileReader.Read(train, spec.Dataset).ElementAt(5);
        var evaluated = File.ReadLines(Path.Combine(Output, "predictions.tsv")).ElementAt(1 + 5).Split('\t'); // index, label, probability, predicted

        using var model = RunModel.Load(new ModelCatalogue([TinyModel.Entry]), "Run 7", Output, torch.CPU);
        var score = model.Score(7, "agent", example.First, example.Second);

        if (facts.IsRegression)
        {
            Assert.Equal(double.Parse(evaluated[3], CultureInfo.InvariantCulture), score.PredictedScore!.Value, 1e-5);
            Assert.Equal(score.PredictedScore.Value.ToString("0.00", CultureInfo.InvariantCulture), score.Decision);
        }
        else
        {
            Assert.Null(score.PredictedScore);
            Assert.Equal(facts.ClassNames[int.Parse(evaluated[3], CultureInfo.InvariantCulture)], score.Decision);
        }

        if (facts.SingleText)
        {
            Assert.Equal(score, model.Score(7, "agent", example.First, null)); // nothing but the one text is read
        }
        else
        {
            var refused = Assert.Throws<ArgumentException>(() => model.Score(7, "agent", example.First, ""));
            Assert.Contains("give the second text too", refused.Message);
        }
    }

    /// <summary>The portal stores the adapter folder as adapter.zip, which the playground opens.</summary>
    private void ZipAdapter() =>
        System.IO.Compression.ZipFile.CreateFromDirectory(Path.Combine(Output, "adapter"), Path.Combine(Output, "adapter.zip"));

    [Fact]
    public void A_run_folder_without_its_weights_names_the_missing_file()
    {
        Directory.CreateDirectory(Output);
        File.WriteAllText(Path.Combine(Output, "result.json"), """{"seed":42,"spec":{"model":"tiny","method":{"kind":"lora"}}}""");

        var error = Assert.Throws<FileNotFoundException>(() => RunModel.Load(new ModelCatalogue([TinyModel.Entry]), "Run 7", Output, torch.CPU));

        Assert.Equal("Run 7 has no adapter.zip.", error.Message);
    }

    [Fact]
    public void Building_a_seeded_model_in_isolation_leaves_torchs_generator_where_it_was()
    {
        torch.manual_seed(5);
        using var expected = torch.rand(4);
        torch.manual_seed(5);

        TorchRandom.Isolated(() => new ModelCatalogue([TinyModel.Entry]).Create("tiny", 42, torch.CPU)).Dispose();
        using var actual = torch.rand(4);

        Assert.True(expected.allclose(actual, rtol: 0, atol: 0));
    }
}
