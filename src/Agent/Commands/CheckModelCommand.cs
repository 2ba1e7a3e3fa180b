using System.Diagnostics;
using System.Text.Json;
using LabPortal.Agent.Data;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Packaged;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Verification;
using TorchSharp;

namespace LabPortal.Agent.Commands;

/// <summary>
/// <c>check-model</c>: runs a packaged pretrained encoder through our BertModel and through ONNX Runtime on real QQP
/// pairs, compares the last hidden states and times both sides. Prints progress, then one JSON line (the last line);
/// exits 1 if the difference exceeds the tolerance, 2 on a usage or input error.
/// </summary>
public static class CheckModelCommand
{
    public const string Name = "check-model";

    public const double Tolerance = 1e-4;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static int Run(IReadOnlyList<string> args)
    {
        if (CommandParsing.WriteHelpIfAsked(CheckModelOptions.Command(), args, Console.Out))
        {
            return 0;
        }

        try
        {
            var result = Check(CheckModelOptions.Parse(args), Console.Out);
            Console.Out.WriteLine(JsonSerializer.Serialize(result, Json));
            return result.Passed ? 0 : 1;
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or InvalidDataException or UnknownModelException)
        {
            Console.Error.WriteLine($"{Name}: {exception.Message}");
            return 2;
        }
    }

    public static CheckModelResult Check(CheckModelOptions options, TextWriter log)
    {
        var packaged = PackagedModel.All.FirstOrDefault(m => string.Equals(m.Name, options.Model, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"'{options.Model}' is not a packaged ONNX model (known: {string.Join(", ", PackagedModel.All.Select(m => m.Name))}).");
        if (options.Threads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        var threadCount = torch.get_num_threads();
        var dataPath = options.DataPath is { } given ? Path.GetFullPath(given) : DefaultDataPath();
        var pairs = PairFileReader.Read(dataPath, PairFileLayout.Qqp).Take(options.Pairs).ToList();
        log.WriteLine($"{Name}: {packaged.Name}, {pairs.Count} pairs from {dataPath}, {threadCount} threads");

        var started = Stopwatch.StartNew();
        using var loaded = ModelCatalogue.Default.Create(packaged.Name, seed: 0, torch.CPU);
        using var reference = new OnnxRuntimeEncoder(packaged.ReadOnnx(), threadCount);
        log.WriteLine($"{Name}: loaded both in {started.Elapsed.TotalSeconds:F1} s (weight cache: {PackagedWeightCache.Default.PathFor(packaged)})");

        var encoder = new PairEncoder(loaded.Tokenizer, options.MaxLength);
        var batches = pairs.Chunk(options.BatchSize)
            .Select(chunk => PaddedBatch.From(chunk.Select(p => encoder.Encode(p.First, p.Second)).ToList(), loaded.Tokenizer.Special.Pad))
            .ToList();
        var tokens = batches.Sum(b => b.AttentionMask.Sum());

        // Warm up once (first-call allocations, kernel selection), then time the whole batch set per side.
        var bert = ((BertForPairClassification)loaded.Model).Encoder; // packaged models are BERT-family encoders
        TorchEncoderRunner.LastHiddenState(bert, batches[0]);
        reference.LastHiddenState(batches[0]);
        var (ours, oursSeconds) = Timing.Timed(() => batches.Select(b => TorchEncoderRunner.LastHiddenState(bert, b)).ToList());
        var (theirs, onnxSeconds) = Timing.Timed(() => batches.Select(reference.LastHiddenState).ToList());

        var comparison = batches.Select((b, i) => HiddenStateComparison.Of(ours[i], theirs[i], b))
            .Aggregate(HiddenStateComparison.Empty, (total, next) => total.Add(next));
        return new CheckModelResult
        {
            Model = packaged.Name,
            Pairs = pairs.Count,
            Tokens = tokens,
            Threads = threadCount,
            MaxAbsDiff = comparison.MaxAbsDiff,
            MeanAbsDiff = comparison.MeanAbsDiff,
            Tolerance = Tolerance,
            Passed = comparison.MaxAbsDiff <= Tolerance,
            OursSeconds = Math.Round(oursSeconds, 4),
            OnnxRuntimeSeconds = Math.Round(onnxSeconds, 4),
            OursTokensPerSecond = Math.Round(tokens / oursSeconds, 1),
            OnnxRuntimeTokensPerSecond = Math.Round(tokens / onnxSeconds, 1),
            LoadAverage = Timing.LoadAverage(),
        };
    }

    /// <summary>data/demo/dev.tsv in the repository, found from the working folder or the program's folder.</summary>
    private static string DefaultDataPath()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "LabPortal.sln")))
                {
                    return Path.Combine(directory.FullName, "data", "demo", "dev.tsv");
                }
            }
        }

        throw new ArgumentException("No LabPortal.sln above the working folder; give the pairs file with --data.");
    }
}
