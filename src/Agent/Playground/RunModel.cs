using System.Globalization;
using LabPortal.Agent.Adapters;
using LabPortal.Agent.Artifacts;
using LabPortal.Agent.Evaluation;
using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;
using static TorchSharp.torch;

namespace LabPortal.Agent.Playground;

/// <summary>
/// A finished run's model rebuilt for scoring single pairs: the spec's base model (same seed, so a random-init
/// model gets the same weights), the run's trained weights on top, and C3's rule and τ when the run used it.
/// Its own instance: a training run in the same process is not touched. Not thread-safe; the caller serialises.
/// </summary>
public sealed class RunModel : IDisposable
{
    private readonly LoadedModel _loaded;
    private readonly PairEncoder _encoder;
    private readonly DensityMatching? _matching;
    private readonly double? _threshold;
    private readonly bool _zeroShot;
    private readonly TaskFacts _task;
    private readonly Device _device;

    private RunModel(LoadedModel loaded, SavedRun saved, Device device)
    {
        _loaded = loaded;
        _encoder = new PairEncoder(loaded.Tokenizer, saved.Spec.Training.MaxLength);
        Spec = saved.Spec;
        _zeroShot = saved.Spec.Method.Kind == MethodKind.ZeroShot;
        _task = TaskFacts.For(saved.Spec.Dataset);
        _matching = saved.MatchingRule;
        _threshold = saved.Threshold;
        _device = device;
    }

    /// <summary>
    /// Builds the model from a folder holding the run's result.json and its weights: adapter.zip or head.safetensors
    /// as the portal stores them, or the adapter folder the <c>train</c> command writes.
    /// </summary>
    /// <param name="run">Names the run in errors, at the start of a sentence: "Run 7", or the folder for a run trained by <c>train</c>.</param>
    public static RunModel Load(ModelCatalogue catalogue, string run, string folder, Device device)
    {
        var saved = SavedRun.Read(Path.Combine(folder, ArtifactNames.Result));
        var spec = saved.Spec;
        var weights = FilesToScore(run, spec.Method.Kind).Skip(1).SingleOrDefault();
        var weightsPath = weights is null ? null : WeightsIn(folder, weights)
            ?? throw new FileNotFoundException($"{run} has no {weights}.", Path.Combine(folder, weights));

        // Building seeds torch's generator; Isolated keeps a training run's draws apart (see TorchRandom), so a run
        // training in this process waits at its next step while the model is built (weights read included).
        var loaded = TorchRandom.Isolated(() => catalogue.Create(spec.Model, spec.Seed, device, spec.Head, TaskFacts.For(spec.Dataset), spec.Method.Kind));
        try
        {
            if (weightsPath is not null)
            {
                TorchRandom.Isolated(() => ApplyWeights(loaded.Model, spec.Method.Kind, weightsPath, run));
            }

            // Scores as the run's own evaluation did; a result.json from before the precision field was added says nothing: fp32.
            PrecisionSetup.Apply(loaded.Model, spec.Training.Precision == PrecisionKind.Auto ? PrecisionKind.Fp32 : spec.Training.Precision);
            MergeAdapters(loaded.Model);

            return new RunModel(loaded, saved, device);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>result.json first, then the weights, if the method keeps any (zero-shot is the base model and its τ).</summary>
    public static IReadOnlyList<string> FilesToScore(string run, MethodKind method) => ArtifactNames.NeededToScore(method)
        ?? throw new InvalidOperationException($"{run} used full fine-tuning, which keeps no weights to score with.");

    /// <summary>The spec the run trained with, as its result.json keeps it.</summary>
    public ExperimentSpec Spec { get; }

    /// <summary>C3's rule and τ when S_match decides; null when the classifier (or zero-shot's cosine) does.</summary>
    public (DensityMatching Rule, double Threshold)? Matching => _matching is { } rule ? (rule, _threshold!.Value) : null;

    /// <summary>How the run decides, in words: the regression head's score, the most probable of k classes, S_match ≥ τ, cosine ≥ τ or probability > 0.5.</summary>
    public string DecisionRule => _loaded.Model.Outputs switch
    {
        1 => "the regression head's output is the score",
        > 2 => $"the most probable of the {_task.ClassNames.Count} classes",
        _ => _matching is not null ? "S_match ≥ τ" : _zeroShot ? "cosine ≥ τ" : "probability > 0.5",
    };

    /// <summary>A two-class score's decision as the run made it: S_match ≥ τ with C3, else the score's own (τ for zero-shot).</summary>
    public bool Decide(ExampleScore score) => _matching is { } rule && score.Features is { } features
        ? rule.Score(score.Probability, features) >= _threshold!.Value
        : score.PredictedPositive;

    /// <summary>What the model's weights take in memory (parameters and buffers, in their stored types).</summary>
    public long WeightBytes => _loaded.Model.parameters().Concat(_loaded.Model.buffers()).Sum(t => t.NumberOfElements * t.ElementSize);

    /// <summary>The model the run's weights were applied to, and its tokenizer.</summary>
    public LoadedModel Loaded => _loaded;

    /// <summary>The pair in the run's input layout: a single-sentence run (CoLA, SST-2) reads the first text alone, as it was trained.</summary>
    public EncodedPair Encode(string first, string? second) => _encoder.Encode(first, _task.SingleText ? null : second);

    /// <summary>
    /// Scores labelled examples in batches as the run's evaluator scored its validation pairs (zero-shot: the cosine,
    /// with τ on each score), in their order.
    /// </summary>
    public IReadOnlyList<ExampleScore> Score(IReadOnlyList<EncodedExample> examples, int batchSize)
    {
        var special = _loaded.Tokenizer.Special;
        return _zeroShot
            ? ZeroShot.Cosines(_loaded.Model, examples, batchSize, special, _device).Select((c, i) => new ExampleScore(c, examples[i].Label == 1, null, _threshold)).ToList()
            : Evaluator.Evaluate(_loaded.Model, examples, batchSize, special, _device, matchFeatures: _matching is not null).Examples;
    }

    /// <summary>Scores the pair exactly as the run's evaluator scored its validation pairs (zero-shot: the cosine against τ).</summary>
    public PairScore Score(int runId, string agentId, string first, string? second)
    {
        if (!_task.SingleText && string.IsNullOrWhiteSpace(second))
        {
            throw new ArgumentException($"Run {runId} was trained on pairs ({_task.Title}); give the second text too.");
        }

        var score = Score([new EncodedExample(Encode(first, second), 0)], 1)[0];
        var features = score.Features;
        var match = _matching is null || features is null ? (double?)null : _matching.Score(score.Probability, features);
        var positive = Decide(score);
        var answer = new PairScore
        {
            RunId = runId,
            AgentId = agentId,
            Probability = score.Probability,
            MatchScore = match,
            Threshold = _threshold,
            Alignment = features?.Alignment,
            Density = features?.Density,
            LengthBalance = features?.LengthBalance,
            IsDuplicate = positive,
            DecisionRule = DecisionRule,
        };
        return score switch
        {
            // STS-B: the head's output is the predicted similarity itself.
            { Regression: { } regression } => answer with
            {
                PredictedScore = regression.Predicted,
                Decision = regression.Predicted.ToString("0.00", CultureInfo.InvariantCulture),
            },
            // MNLI: the most probable of k classes, and that probability.
            { Classes: { } classes } => answer with
            {
                Decision = _task.ClassNames[classes.Predicted],
                PositiveClass = _task.ClassNames[classes.Predicted],
            },
            _ => answer with
            {
                Decision = _task.ClassNames[positive ? 1 : 0],
                PositiveClass = _task.ClassNames[1],
            },
        };
    }

    public void Dispose() => _loaded.Dispose();

    /// <summary>
    /// Folds each adapter's s·B·A into its fp32 base weight, so a pair costs what it costs the base model (outputs move by
    /// float rounding only). A bfloat16 base (bf16-frozen) stays unmerged: its 8-bit mantissa would round the update away.
    /// </summary>
    private static void MergeAdapters(PairClassifier model)
    {
        using var guard = no_grad();
        foreach (var (_, layer) in LoraInjector.Adapters(model).Where(a => a.Layer.BaseWeight.dtype == ScalarType.Float32))
        {
            layer.Merge();
        }
    }

    /// <summary>The weights file in <paramref name="folder"/>, or for an adapter the folder <c>train</c> writes; null when neither is there.</summary>
    private static string? WeightsIn(string folder, string weights)
    {
        var path = Path.Combine(folder, weights);
        var trainFolder = Path.Combine(folder, RunArtifacts.AdapterFolder);
        return File.Exists(path) ? path
            : weights == ArtifactNames.Adapter && Directory.Exists(trainFolder) ? trainFolder
            : null;
    }

    private static bool ApplyWeights(PairClassifier model, MethodKind method, string path, string run)
    {
        if (method == MethodKind.HeadOnly)
        {
            LoadHead(model, path);
            return true;
        }

        if (Directory.Exists(path))
        {
            PeftAdapterLoader.Load(model, path);
            return true;
        }

        var folder = Directory.CreateTempSubdirectory("labportal-adapter-").FullName;
        try
        {
            AdapterArchive.Extract(path, folder);
            PeftAdapterLoader.Load(model, folder);
            return true;
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"{run}: {ArtifactNames.Adapter} is corrupt: {exception.Message}", exception);
        }
        catch (FileNotFoundException exception)
        {
            throw new InvalidDataException($"{run}: {ArtifactNames.Adapter} is incomplete: {exception.Message}", exception);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>head.safetensors holds the classifier by Hugging Face names, as <see cref="Artifacts.RunArtifacts"/> writes it.</summary>
    private static void LoadHead(PairClassifier model, string path)
    {
        var contents = SafetensorsFile.Read(path);
        try
        {
            using var guard = no_grad();
            foreach (var (name, parameter) in PeftHead.Parameters(model, [model.ClassifierName]))
            {
                if (!contents.Tensors.TryGetValue(name, out var tensor) || !tensor.shape.SequenceEqual(parameter.shape))
                {
                    throw new InvalidDataException($"{ArtifactNames.Head} has no tensor '{name}' of shape [{string.Join(", ", parameter.shape)}].");
                }

                parameter.copy_(tensor);
            }
        }
        finally
        {
            foreach (var tensor in contents.Tensors.Values)
            {
                tensor.Dispose();
            }
        }
    }
}
