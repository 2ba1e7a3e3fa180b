using System.Globalization;
using System.Text.Json.Nodes;
using LabPortal.Agent.Adapters;
using LabPortal.Agent.Data;
using LabPortal.Agent.Evaluation;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Tests.Training;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp;

namespace LabPortal.Agent.Tests.Artifacts;

public sealed class RunArtifactsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Output => Path.Combine(_temp.Path, "run");

    [Fact]
    public void A_lora_run_leaves_an_adapter_that_reproduces_its_predictions_on_a_fresh_base()
    {
        var (job, result) = Train(new MethodSpec { Kind = MethodKind.Lora, Rank = 4, Alpha = 8 });

        var rows = Rows();
        Assert.Equal(["index", "label", "probability", "predicted"], rows[0]);
        Assert.Equal(100, rows.Count - 1);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => i.ToString(CultureInfo.InvariantCulture)), rows.Skip(1).Select(r => r[0]));
        Assert.Equal(result.Evaluation.TruePositives, rows.Skip(1).Count(r => r[1] == "1" && r[3] == "1"));
        AssertAdapterReproduces(job, rows.Skip(1).Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToList());

        var metrics = Metrics();
        Assert.Equal(result.Evaluation.Accuracy, metrics["accuracy"]!.GetValue<double>());
        Assert.Equal("lora", metrics["method"]!.GetValue<string>());
        Assert.Equal("adapter", metrics["weights"]!.GetValue<string>());
        Assert.Equal(result.TrainableParameters, metrics["trainableParameters"]!.GetValue<long>());
        Assert.Equal(result.DatasetFingerprint, metrics["datasetSha256"]!.GetValue<string>());
        Assert.Equal(42, metrics["seed"]!.GetValue<int>());
        Assert.True(metrics["examplesPerSecond"]!.GetValue<double>() > 0);
        Assert.True(metrics["wallSeconds"]!.GetValue<double>() > 0);
        Assert.True(metrics["peakMemoryBytes"]!.GetValue<long>() > 0);
        Assert.Equal(result.Evaluation.TruePositives, metrics["tp"]!.GetValue<long>());
        Assert.Equal(100, new[] { "tp", "fp", "tn", "fn" }.Sum(n => metrics[n]!.GetValue<long>()));
        Assert.Equal(4, metrics["spec"]!["method"]!["rank"]!.GetValue<int>());
        Assert.Null(metrics["classifier"]);
    }

    [Fact]
    public void An_enhanced_lora_run_writes_S_match_and_the_final_decision_and_its_converted_adapter_reproduces_it()
    {
        var (job, result) = Train(new MethodSpec { Kind = MethodKind.EnhancedLora, Rank = 4, Alpha = 8 });

        var rows = Rows();
        Assert.Equal(["index", "label", "probability", "predicted", "s_match", "decision"], rows[0]);
        var decisions = rows.Skip(1).Select(r => (Label: r[1] == "1", Decision: r[5] == "1")).ToList();
        Assert.Equal(result.Evaluation.TruePositives, decisions.Count(d => d.Label && d.Decision));
        Assert.Equal(result.Evaluation.FalsePositives, decisions.Count(d => !d.Label && d.Decision));
        Assert.All(rows.Skip(1), r => Assert.Equal(r[5] == "1", double.Parse(r[4], CultureInfo.InvariantCulture) >= result.MatchingThreshold));
        AssertAdapterReproduces(job, rows.Skip(1).Select(r => double.Parse(r[2], CultureInfo.InvariantCulture)).ToList());

        var metrics = Metrics();
        Assert.Equal(result.MatchingThreshold, metrics["threshold"]!.GetValue<double>());
        Assert.Equal((0.5, 0.1), (result.MatchingGamma, result.MatchingDelta)); // the spec's defaults decided
        Assert.Equal((result.MatchingGamma, result.MatchingDelta), (metrics["gamma"]!.GetValue<double>(), metrics["delta"]!.GetValue<double>()));
        Assert.Equal(result.ClassifierEvaluation!.TruePositives, metrics["classifier"]!["tp"]!.GetValue<long>());
        Assert.Equal(8, JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "adapter", "adapter_config.json")))!["r"]!.GetValue<int>());
    }

    [Fact]
    public void A_head_only_run_writes_the_classifier_and_a_full_run_no_weights()
    {
        Train(new MethodSpec { Kind = MethodKind.HeadOnly });
        using (var head = new TensorBag(SafetensorsFile.Read(Path.Combine(Output, "head.safetensors")).Tensors))
        {
            Assert.Equal(["classifier.bias", "classifier.weight"], head.Tensors.Keys.Order());
        }

        Directory.Delete(Output, recursive: true);
        Train(new MethodSpec { Kind = MethodKind.Full });

        Assert.Null(Metrics()["weights"]);
        Assert.Equal(["predictions.tsv", "result.json"], Directory.GetFileSystemEntries(Output).Select(Path.GetFileName).Order());
    }

    private (TrainingJob Job, TrainingResult Result) Train(MethodSpec method)
    {
        // fp32: the adapters are checked on a fresh fp32 base to 1e-5, which bf16-frozen's roundings would exceed.
        var spec = TrainingFixture.QuickSpec() with { Method = method, Training = TrainingFixture.QuickSpec().Training with { Epochs = 1, Precision = PrecisionKind.Fp32 } };
        var job = TrainingFixture.Job(_temp, spec) with { ArtifactFolder = Output };
        return (job, new Trainer().Train(job, null, CancellationToken.None));
    }

    private List<string[]> Rows() => File.ReadAllLines(Path.Combine(Output, "predictions.tsv")).Select(l => l.Split('\t')).ToList();

    private JsonNode Metrics() => JsonNode.Parse(File.ReadAllText(Path.Combine(Output, "result.json")))!;

    /// <summary>The base model rebuilt from the catalogue, the saved adapter applied: the same probabilities as the run's.</summary>
    private void AssertAdapterReproduces(TrainingJob job, IReadOnlyList<double> probabilities)
    {
        using var fresh = new ModelCatalogue([TinyModel.Entry]).Create(job.Spec.Model, job.Spec.Seed, torch.CPU);
        PeftAdapterLoader.Load(fresh.Model, Path.Combine(Output, "adapter"));
        var encoder = new PairEncoder(fresh.Tokenizer, job.Spec.Training.MaxLength);
        var examples = PairFileReader.Read(job.ValidationPath, job.Spec.Dataset).Select(p => new EncodedExample(encoder.Encode(p.First, p.Second), p.Label)).ToList();

        var scores = Evaluator.Evaluate(fresh.Model, examples, 32, fresh.Tokenizer.Special, torch.CPU).Examples;

        Assert.All(scores.Zip(probabilities), pair => Assert.Equal(pair.Second, pair.First.Probability, 5));
    }
}
