using System.Globalization;
using LabPortal.Agent.Adapters;
using LabPortal.Agent.Evaluation;
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
        _zeroShot = saved.Spec.Method.Kind == MethodKind.ZeroShot;
        _task = TaskFacts.For(saved.Spec.Dataset);
        _matching = saved.MatchingRule;
        _threshold = saved.Threshold;
        _device = device;
    }

    /// <summary>Builds the model from a folder holding the run's result.json and its weights file (as the portal stores them).</summary>
    public static RunModel Load(ModelCatalogue catalogue, int runId, string folder, Device device)
    {
        var saved = SavedRun.Read(Path.Combine(folder, ArtifactNames.Result));
        var spec = saved.Spec;
        var weights = FilesToScore(runId, spec.Method.Kind).Skip(1).SingleOrDefault();
        var weightsPath = weights is null ? null : Path.Combine(folder, weights);
        if (weightsPath is not null && !File.Exists(weightsPath))
        {
            throw new FileNotFoundException($"Run {runId} has no {Path.GetFileName(weightsPath)}.", weightsPath);
        }

        // Building seeds torch's generator; Isolated keeps a training run's draws apart (see TorchRandom), so a run
        // training in this process waits at its next step while the model is built (weights read included).
        var loaded = TorchRandom.Isolated(() => catalogue.Create(spec.Model, spec.Seed, device, spec.Head, TaskFacts.For(spec.Dataset), spec.Method.Kind));
        try
        {
            if (weightsPath is not null)
            {
                TorchRandom.Isolated(() => ApplyWeights(loaded.Model, spec.Method.Kind, weightsPath, runId));
            }

            // Scores as the run's own evaluation did; a result.json from before the precision field was added says nothing: fp32.
            PrecisionSetup.Apply(loaded.Model, spec.Training.Precision == PrecisionKind.Auto ? PrecisionKind.Fp32 : spec.Training.Precision);

            return new RunModel(loaded, saved, device);
        }
        catch
        {
            loaded.Dispose();
            throw;
        }
    }

    /// <summary>result.json first, then the weights, if the method keeps any (zero-shot is the base model and its τ).</summary>
    public static IReadOnlyList<string> FilesToScore(int runId, MethodKind method) => ArtifactNames.NeededToScore(method)
        ?? throw new InvalidOperationException($"Run {runId} used full fine-tuning, which keeps no weights to score with.");

    /// <summary>Scores the pair exactly as the run's evaluator scored its validation pairs (zero-shot: the cosine against τ).</summary>
    public PairScore Score(int runId, string agentId, string first, string? second)
    {
        if (!_task.SingleText && string.IsNullOrWhiteSpace(second))
        {
            throw new ArgumentException($"Run {runId} was trained on pairs ({_task.Title}); give the second text too.");
        }

        // A single-sentence run (CoLA, SST-2) reads the first text alone, as it was trained.
        var example = new EncodedExample(_encoder.Encode(first, _task.SingleText ? null : second), 0);
        var special = _loaded.Tokenizer.Special;
        var score = _zeroShot
            ? new ExampleScore(ZeroShot.Cosines(_loaded.Model, [example], 1, special, _device)[0], false, null, _threshold)
            : Evaluator.Evaluate(_loaded.Model, [example], 1, special, _device, matchFeatures: _matching is not null).Examples[0];
        var features = score.Features;
        var match = _matching is null || features is null ? (double?)null : _matching.Score(score.Probability, features);
        var positive = match is { } s ? s >= _threshold!.Value : score.PredictedPositive;
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
        };
        return score switch
        {
            // STS-B: the head's output is the predicted similarity itself.
            { Regression: { } regression } => answer with
            {
                PredictedScore = regression.Predicted,
                Decision = regression.Predicted.ToString("0.00", CultureInfo.InvariantCulture),
                DecisionRule = "the regression head's output is the score",
            },
            // MNLI: the most probable of k classes, and that probability.
            { Classes: { } classes } => answer with
            {
                Decision = _task.ClassNames[classes.Predicted],
                PositiveClass = _task.ClassNames[classes.Predicted],
                DecisionRule = $"the most probable of the {_task.ClassNames.Count} classes",
            },
            _ => answer with
            {
                Decision = _task.ClassNames[positive ? 1 : 0],
                PositiveClass = _task.ClassNames[1],
                DecisionRule = match is not null ? "S_match ≥ τ" : _zeroShot ? "cosine ≥ τ" : "probability > 0.5",
            },
        };
    }

    public void Dispose() => _loaded.Dispose();

    private static bool ApplyWeights(PairClassifier model, MethodKind method, string path, int runId)
    {
        if (method == MethodKind.HeadOnly)
        {
            LoadHead(model, path);
            return true;
        }

        var folder = Directory.CreateTempSubdirectory($"labportal-adapter-{runId}-").FullName;
        try
        {
            AdapterArchive.Extract(path, folder);
            PeftAdapterLoader.Load(model, folder);
            return true;
        }
        catch (InvalidDataException exception)
        {
            throw new InvalidDataException($"{ArtifactNames.Adapter} of run {runId} is corrupt: {exception.Message}", exception);
        }
        catch (FileNotFoundException exception)
        {
            throw new InvalidDataException($"{ArtifactNames.Adapter} of run {runId} is incomplete: {exception.Message}", exception);
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
