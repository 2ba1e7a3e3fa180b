using LabPortal.Agent.Adapters;
using LabPortal.Agent.Artifacts;
using LabPortal.Agent.Data;
using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Agent.Playground;
using LabPortal.Agent.Tests.Training;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models;

/// <summary>What the checkpoint-folder families' LoRA tests share: an enhanced-LoRA run, a model moved off its base and saved as a PEFT adapter, and a run rescored in the playground.</summary>
internal static class AdapterRoundTrip
{
    /// <summary>
    /// Builds the folder's model, applies <paramref name="method"/>, moves every trainable parameter by a seeded step
    /// (as training would), saves the adapter and returns the moved model's logits and how many layers were adapted.
    /// </summary>
    private static (float[] Logits, int Adapted) MoveAndSave(ModelCatalogue catalogue, string folder, MethodSpec method, string adapterFolder)
    {
        using var trained = catalogue.Create(folder, seed: 1, torch.CPU);
        var adapted = MethodSetup.Apply(trained.Model, method);
        torch.manual_seed(3);
        using (torch.no_grad())
        {
            foreach (var parameter in trained.Model.parameters().Where(p => p.requires_grad))
            {
                using var step = torch.randn_like(parameter).Times(0.05);
                parameter.add_(step);
            }
        }

        var logits = Logits(trained);
        PeftAdapter.Save(trained.Model, LoraSettings.From(method), folder, adapterFolder);
        return (logits, adapted.Count);
    }

    /// <summary>
    /// <see cref="MoveAndSave"/>, then a fresh model of the folder (another seed) before and after the saved adapter is
    /// loaded onto it: the moved model's logits, the fresh model's and the reloaded one's.
    /// </summary>
    public static (float[] Trained, float[] Before, float[] After, int Adapted) SaveAndReload(string folder, MethodSpec method, string adapterFolder)
    {
        var catalogue = new ModelCatalogue([]);
        var (trained, adapted) = MoveAndSave(catalogue, folder, method, adapterFolder);
        using var fresh = catalogue.Create(folder, seed: 2, torch.CPU);
        var before = Logits(fresh);
        PeftAdapterLoader.Load(fresh.Model, adapterFolder);
        return (trained, before, Logits(fresh), adapted);
    }

    /// <summary>The cross-encoder logits of two fixed pairs, in evaluation mode.</summary>
    public static float[] Logits(LoadedModel loaded)
    {
        var encoder = new PairEncoder(loaded.Tokenizer, maxLength: 48);
        EncodedPair[] pairs = [encoder.Encode("How do I learn the piano?", "What is the best way to learn piano?"), encoder.Encode("Is it raining?", "Why is the sky blue?")];
        loaded.Model.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        using var output = loaded.Model.Classify(PairBatch.From(pairs, HeadKind.CrossEncoder, loaded.Tokenizer.Special, torch.CPU));
        return output.Logits.data<float>().ToArray();
    }

    /// <summary>
    /// Trains the spec's enhanced LoRA for 8 epochs of 16 real QQP pairs (batches of 8) on the folder and checks what the
    /// paper's method must show on any family: a falling loss, C1's faster B, C3 deciding the metrics. Returns the
    /// run's adapter folder.
    /// </summary>
    public static string TrainEnhancedLora(TempDirectory temp, string folder, MethodSpec method, HeadSpec? head = null)
    {
        var spec = TrainingFixture.QuickSpec() with
        {
            Model = folder,
            Method = method,
            Head = head ?? new HeadSpec(),
            Training = TrainingFixture.QuickSpec().Training with { Epochs = 8, BatchSize = 8, LearningRate = 5e-3, MaxLength = 48, LogEverySteps = 1, LengthBucketing = false },
        };
        var artifacts = Path.Combine(temp.Path, "artifacts");
        var job = new TrainingJob(spec, temp.WriteSlice("train.tsv", TestPaths.QqpTrain, rows: 16), temp.WriteSlice("dev.tsv", TestPaths.QqpDev, rows: 16), torch.CPU, artifacts);
        var reports = new List<ProgressReport>();

        var result = new Trainer().Train(job, new SynchronousProgress(reports), CancellationToken.None);

        var train = reports.Where(r => r.Kind == ProgressKind.Train).ToList();
        Assert.Equal(16, result.Steps);
        Assert.True(TrainingFixture.MeanLoss(train, epoch: 1) > TrainingFixture.MeanLoss(train, epoch: 8), $"mean training loss went from {TrainingFixture.MeanLoss(train, 1)} in epoch 1 to {TrainingFixture.MeanLoss(train, 8)} in epoch 8");
        Assert.True(train[^1].LearningRateB > train[^1].LearningRateA, "C1: B trains faster than A");
        Assert.Equal(16, result.Evaluation.Total);
        Assert.True(result.DecidedByMatchingScore, "C3 decided the reported metrics from S_match");
        return Path.Combine(artifacts, RunArtifacts.AdapterFolder);
    }

    /// <summary>
    /// Trains one epoch of <paramref name="method"/> on the folder, zips the adapter as the portal stores it, rebuilds the
    /// run in the playground and returns its scores of the six validation pairs beside the evaluator's.
    /// </summary>
    public static (List<double> Scores, List<double> Evaluated) PlaygroundAndEvaluator(TempDirectory temp, string folder, MethodSpec method)
    {
        var spec = TrainingFixture.QuickSpec() with
        {
            Model = folder,
            Method = method,
            // fp32, so a pair scored alone matches its batched evaluation to 1e-5 (bfloat16's rounding depends on the batch).
            Training = TrainingFixture.QuickSpec().Training with { Epochs = 1, BatchSize = 8, LearningRate = 5e-3, MaxLength = 48, Precision = PrecisionKind.Fp32 },
        };
        var output = Path.Combine(temp.Path, "run");
        var job = new TrainingJob(spec, temp.WriteSlice("train.tsv", TestPaths.QqpTrain, rows: 16), temp.WriteSlice("dev.tsv", TestPaths.QqpDev, rows: 6), torch.CPU, output);
        new Trainer().Train(job, null, CancellationToken.None);
        System.IO.Compression.ZipFile.CreateFromDirectory(Path.Combine(output, RunArtifacts.AdapterFolder), Path.Combine(output, "adapter.zip"));
        var pairs = PairFileReader.Read(job.ValidationPath, spec.Dataset).ToList();
        var evaluated = File.ReadLines(Path.Combine(output, "predictions.tsv")).Skip(1)
            .Select(line => double.Parse(line.Split('\t')[2], System.Globalization.CultureInfo.InvariantCulture)).ToList();

        using var model = RunModel.Load(new ModelCatalogue([]), "Run 7", output, torch.CPU);
        return (pairs.Select(p => model.Score(7, "agent", p.First, p.Second!).Probability).ToList(), evaluated);
    }
}
