using System.Diagnostics;
using System.Text.Json;
using LabPortal.Agent.Artifacts;
using LabPortal.Agent.Data;
using LabPortal.Agent.Evaluation;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Packaged;
using LabPortal.Agent.Playground;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Agent.Verification;
using LabPortal.Shared.Metrics;
using TorchSharp;

namespace LabPortal.Agent.Commands;

/// <summary>
/// <c>score</c>: scores a whole file of pairs with a finished run's model, deciding as the run's evaluation did (the
/// playground's model, batched), and reports the metrics (for a labelled file) and the throughput; optionally the per-pair latency
/// and ONNX Runtime's throughput on the same token sequences. Prints one JSON line (the last line); exits 2 on a usage
/// or input error.
/// </summary>
public static class ScoreCommand
{
    public const string Name = "score";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        if (CommandParsing.WriteHelpIfAsked(ScoreOptions.Command(), args, output))
        {
            return 0;
        }

        try
        {
            output.WriteLine(JsonSerializer.Serialize(Score(ScoreOptions.Parse(args), log), Json));
            return 0;
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or InvalidDataException or DataFormatException
                                              or UnknownModelException or InvalidOperationException)
        {
            log.WriteLine($"{Name}: {exception.Message}");
            return 2;
        }
    }

    public static ScoreResult Score(ScoreOptions options, TextWriter log)
    {
        if (options.Threads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        var device = DeviceSelector.Resolve(options.Device);
        var folder = Path.GetFullPath(options.RunFolder);
        var catalogue = ModelCatalogue.Default.WithDataRoot(new DataRoot(Directory.GetCurrentDirectory()));
        using var model = RunModel.Load(catalogue, $"The run in {folder}", folder, device);
        var spec = model.Spec;

        // Unlabelled pairs are scored with a stand-in label 0, which only the evaluator's loss reads.
        var (examples, encodeSeconds) = Timing.Timed(() => PairFileReader.Read(Path.GetFullPath(options.DataPath), spec.Dataset, labelled: !options.Unlabelled)
            .Select(p => new EncodedExample(model.Encode(p.First, p.Second), options.Unlabelled ? 0 : p.Label)).ToList());
        if (examples.Count == 0)
        {
            throw new InvalidDataException($"{options.DataPath} has no pairs.");
        }

        log.WriteLine($"{Name}: {spec.Model}, {examples.Count} pairs from {options.DataPath}, {torch.get_num_threads()} threads, on {device}");

        // Batches of similar length pad least; the scores go back to the file's order.
        var order = Enumerable.Range(0, examples.Count).OrderBy(i => examples[i].Pair.Length).ToArray();
        var batches = order.Select(i => examples[i]).Chunk(options.BatchSize).ToList();
        var special = model.Loaded.Tokenizer.Special;
        var head = model.Loaded.Model.Head.Kind;
        var sequences = batches.Select(b => PairBatch.Sequences(b.Select(e => e.Pair).ToList(), head, special)).ToList();
        using var reference = options.CompareOnnx ? OpenReference(spec.Model) : null;

        var (sortedScores, scoreSeconds, onnxSeconds) = TimeBatches(model, batches, sequences, reference, options.BatchSize);
        var scores = new ExampleScore[examples.Count];
        for (var i = 0; i < order.Length; i++)
        {
            scores[order[i]] = sortedScores[i];
        }

        if (options.OutputPath is { } outputPath)
        {
            PredictionsFile.Write(outputPath, scores, model.Matching, labelled: !options.Unlabelled);
        }

        var tokens = sequences.SelectMany(s => s).Sum(b => b.AttentionMask.Sum());
        var result = new ScoreResult
        {
            Run = folder,
            Model = spec.Model,
            Pairs = examples.Count,
            Tokens = tokens,
            Threads = torch.get_num_threads(),
            Device = device.ToString(),
            DecidedBy = model.DecisionRule,
            Metrics = options.Unlabelled ? null : Metrics(model, scores),
            Regression = model.Loaded.Model.Outputs == 1 && !options.Unlabelled ? Evaluator.ScoreRegression(scores) : null,
            EncodeSeconds = Math.Round(encodeSeconds, 4),
            ScoreSeconds = Math.Round(scoreSeconds, 4),
            PairsPerSecond = Math.Round(examples.Count / scoreSeconds, 1),
            TokensPerSecond = Math.Round(tokens / scoreSeconds, 1),
            Latency = options.LatencyPairs is { } count ? LatencyOf(model, examples.Take(count).ToList()) : null,
            LoadAverage = Timing.LoadAverage(),
        };
        return reference is null ? result : result with
        {
            OnnxRuntimeSeconds = Math.Round(onnxSeconds, 4),
            OnnxRuntimeTokensPerSecond = Math.Round(tokens / onnxSeconds, 1),
            OursOverOnnxRuntime = Math.Round(onnxSeconds / scoreSeconds, 3),
        };
    }

    /// <summary>
    /// Scores the batches in turn, after one warm-up batch (first-call allocations, kernel choice); with a reference,
    /// ONNX Runtime runs each batch's sequences right after ours, so both see the same load. The seconds are each side's sum.
    /// </summary>
    private static (List<ExampleScore> Scores, double Seconds, double OnnxSeconds) TimeBatches(
        RunModel model, IReadOnlyList<EncodedExample[]> batches, IReadOnlyList<IReadOnlyList<PaddedBatch>> sequences, OnnxRuntimeEncoder? reference, int batchSize)
    {
        model.Score(batches[0], batchSize);
        reference?.LastHiddenState(sequences[0][0]);
        var scores = new List<ExampleScore>();
        double seconds = 0, onnxSeconds = 0;
        for (var b = 0; b < batches.Count; b++)
        {
            var (batchScores, batchSeconds) = Timing.Timed(() => model.Score(batches[b], batchSize));
            scores.AddRange(batchScores);
            seconds += batchSeconds;
            onnxSeconds += reference is null ? 0 : Timing.Timed(() => sequences[b].Select(reference.LastHiddenState).Count()).Seconds;
        }

        return (scores, seconds, onnxSeconds);
    }

    /// <summary>The decisions' metrics: k-class argmax, or the run's two-class rule; none for a regression task.</summary>
    private static DecisionMetrics? Metrics(RunModel model, IReadOnlyList<ExampleScore> scores) => model.Loaded.Model.Outputs switch
    {
        1 => null,
        > 2 and var classes => DecisionMetrics.From(Evaluator.CountClasses(scores, classes)),
        _ => DecisionMetrics.From(ConfusionCounts.From(scores.Select(model.Decide).ToList(), scores.Select(s => s.Label).ToList())),
    };

    /// <summary>One pair per call, as the playground scores; the first few warm up and are not counted.</summary>
    private static Latency LatencyOf(RunModel model, IReadOnlyList<EncodedExample> examples)
    {
        const int warmUp = 3;
        foreach (var example in examples.Take(warmUp))
        {
            model.Score([example], 1);
        }

        var milliseconds = new List<double>(examples.Count);
        foreach (var example in examples)
        {
            var stopwatch = Stopwatch.StartNew();
            model.Score([example], 1);
            milliseconds.Add(stopwatch.Elapsed.TotalMilliseconds);
        }

        return new Latency(examples.Count, Percentiles.Of(milliseconds, 50), Percentiles.Of(milliseconds, 95), Math.Round(milliseconds.Max(), 2));
    }

    /// <summary>ONNX Runtime's copy of the run's base encoder, on torch's thread count; only packaged models have one.</summary>
    private static OnnxRuntimeEncoder OpenReference(string baseModel)
    {
        var packaged = PackagedModel.All.FirstOrDefault(m => string.Equals(m.Name, baseModel, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"--compare-onnx needs a packaged base model with an ONNX file ({string.Join(", ", PackagedModel.All.Select(m => m.Name))}); this run's is '{baseModel}'.");
        return new OnnxRuntimeEncoder(packaged.ReadOnnx(), torch.get_num_threads(), spin: false); // the two take turns

    }
}
