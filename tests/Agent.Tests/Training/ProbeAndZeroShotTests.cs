using System.Globalization;
using LabPortal.Agent.Evaluation;
using LabPortal.Agent.Models;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp;

namespace LabPortal.Agent.Tests.Training;

/// <summary>The two baselines that train nothing in the encoder: the linear probe (head-only) and zero-shot.</summary>
public sealed class ProbeAndZeroShotTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static ExperimentSpec Spec(MethodKind method) => TrainingFixture.QuickSpec() with
    {
        Method = new MethodSpec { Kind = method },
        Head = new HeadSpec { Kind = HeadKind.BiEncoder, Pooling = PoolingKind.Mean },
        Training = TrainingFixture.QuickSpec().Training with { SelectionSplit = 0.2, Epochs = 3, LearningRate = 1e-2 },
    };

    [Fact]
    public void A_linear_probe_trains_only_the_classifier_and_leaves_every_encoder_weight_as_loaded()
    {
        var job = TrainingFixture.Job(_temp, Spec(MethodKind.HeadOnly)) with { ArtifactFolder = Path.Combine(_temp.Path, "probe") };

        var result = new Trainer().Train(job, null, CancellationToken.None);

        Assert.Equal((4 * 128 * 2) + 2, result.TrainableParameters); // tiny's hidden 128: (u, v, |u−v|, u⊙v) → 2 classes
        Assert.Equal(30, result.Steps);                              // ceil(160 / 16) × 3: the 40 held-out pairs never train
        Assert.True(result.EvaluationLoss < 0.75, $"the probe's validation loss {result.EvaluationLoss} is no better than chance");
    }

    [Fact]
    public void Frozen_features_are_exactly_what_the_model_computes_for_the_pairs_in_eval_mode()
    {
        using var loaded = new ModelCatalogue([TinyModel.Entry]).Create("tiny", 42, torch.CPU, new HeadSpec { Kind = HeadKind.BiEncoder, Pooling = PoolingKind.Mean });
        var examples = Examples(loaded.Tokenizer, ("how do i learn c#", "what is the best way to learn c#"), ("is it raining", "why is the sky blue"));
        loaded.Model.eval();

        using var frozen = FrozenFeatures.Compute(loaded.Model, examples, batchSize: 1, loaded.Tokenizer.Special, torch.CPU);
        using var direct = loaded.Model.Features(PairBatch.From(examples, HeadKind.BiEncoder, loaded.Tokenizer.Special, torch.CPU)).Features;

        Assert.True(frozen.All.allclose(direct, rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void Zero_shot_trains_nothing_and_decides_by_the_cosine_against_a_threshold_chosen_on_the_selection_split()
    {
        var spec = Spec(MethodKind.ZeroShot);
        var output = Path.Combine(_temp.Path, "zero-shot");
        var job = TrainingFixture.Job(_temp, spec) with { ArtifactFolder = output };

        var result = new Trainer().Train(job, null, CancellationToken.None);

        Assert.Equal((0, 0L), (result.Steps, result.TrainableParameters));
        using var loaded = new ModelCatalogue([TinyModel.Entry]).Create("tiny", spec.Seed, torch.CPU, spec.Head);
        var data = TrainingData.Load(job, spec, new PairEncoder(loaded.Tokenizer, spec.Training.MaxLength));
        var selection = ZeroShot.Cosines(loaded.Model, data.Selection, 8, loaded.Tokenizer.Special, torch.CPU);
        var expected = ThresholdSearch.BestAccuracy(selection, data.Selection.Select(e => e.Label == 1).ToList());
        Assert.Equal(expected, result.MatchingThreshold!.Value, 9);

        // predictions.tsv: the cosine in the probability column, and the decision cosine ≥ τ.
        var rows = File.ReadLines(Path.Combine(output, "predictions.tsv")).Skip(1).Select(line => line.Split('\t')).ToList();
        Assert.Equal(100, rows.Count);
        Assert.All(rows, row => Assert.Equal(double.Parse(row[2], CultureInfo.InvariantCulture) >= expected ? "1" : "0", row[3]));
        Assert.Equal(rows.Count(row => row[3] == row[1]) / 100.0, result.Evaluation.Accuracy, 9);
    }

    private static List<EncodedExample> Examples(ITokenizer tokenizer, params (string First, string Second)[] pairs)
    {
        var encoder = new PairEncoder(tokenizer, 32);
        return pairs.Select(p => new EncodedExample(encoder.Encode(p.First, p.Second), 0)).ToList();
    }
}
