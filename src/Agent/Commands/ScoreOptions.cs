using System.CommandLine;

namespace LabPortal.Agent.Commands;

/// <summary>
/// <c>score --run FOLDER --data FILE [--unlabelled] [--output FILE] [--batch-size N] [--threads N] [--device D] [--latency N] [--compare-onnx]</c>.
/// </summary>
public sealed record ScoreOptions
{
    /// <summary>A finished run's folder: result.json and its weights, as <c>train</c> writes them or the portal serves them.</summary>
    public required string RunFolder { get; init; }

    /// <summary>Pairs in the run's dataset format (its task's layout, or the custom format its spec names); labelled unless <see cref="Unlabelled"/>.</summary>
    public required string DataPath { get; init; }

    /// <summary>Where to write one row per pair (predictions.tsv's columns); null writes nothing.</summary>
    public string? OutputPath { get; init; }

    public int BatchSize { get; init; } = 32;

    public int? Threads { get; init; }

    public string Device { get; init; } = "cpu";

    /// <summary>Also score this many pairs one at a time, as the playground does, and report the latency percentiles.</summary>
    public int? LatencyPairs { get; init; }

    /// <summary>Also run the same token sequences through ONNX Runtime's copy of the base encoder (packaged models only).</summary>
    public bool CompareOnnx { get; init; }

    /// <summary>The file has the texts only (GLUE's test files): no label column is read and no metrics are given.</summary>
    public bool Unlabelled { get; init; }

    private static readonly Option<string> RunOption = new("--run") { Description = "A finished run's folder (result.json and adapter/, adapter.zip or head.safetensors).", Required = true };
    private static readonly Option<string> DataOption = new("--data") { Description = "Pairs in the run's dataset format, with their labels unless --unlabelled.", Required = true };
    private static readonly Option<string?> OutputOption = new("--output") { Description = "Write one row per pair (predictions.tsv's columns) to this file." };
    private static readonly Option<int?> BatchSizeOption = CommandParsing.PositiveCount("--batch-size", "Pairs per forward pass (default 32).");
    private static readonly Option<int?> ThreadsOption = CommandParsing.PositiveCount("--threads", "Intra-op threads for torch and ONNX Runtime (default: torch's).");
    private static readonly Option<string?> DeviceOption = new("--device") { Description = "cpu, cuda or cuda:N (default cpu)." };
    private static readonly Option<int?> LatencyOption = CommandParsing.PositiveCount("--latency", "Also score the first N pairs one at a time, as the playground does, and report p50/p95.");
    private static readonly Option<bool> UnlabelledOption = new("--unlabelled") { Description = "The file has no label column (a GLUE test file, say): predictions only, no metrics." };
    private static readonly Option<bool> CompareOnnxOption = new("--compare-onnx") { Description = "Also time ONNX Runtime on the same token sequences through the base encoder (packaged models)." };

    /// <summary><c>score</c> with every option and what <c>--help</c> says of it.</summary>
    public static Command Command() => CommandParsing.Define(
        ScoreCommand.Name,
        "Scores a file of pairs with a finished run's model, as its evaluation did, and reports the metrics (labelled files) and the throughput.",
        [RunOption, DataOption, UnlabelledOption, OutputOption, BatchSizeOption, ThreadsOption, DeviceOption, LatencyOption, CompareOnnxOption]);

    /// <summary>Parses the arguments after the command name; throws <see cref="ArgumentException"/> naming a bad one.</summary>
    public static ScoreOptions Parse(IReadOnlyList<string> args)
    {
        var result = CommandParsing.Parse(Command(), args);
        var options = new ScoreOptions { RunFolder = result.GetRequiredValue(RunOption), DataPath = result.GetRequiredValue(DataOption) };
        return options with
        {
            OutputPath = result.GetValue(OutputOption),
            BatchSize = result.GetValue(BatchSizeOption) ?? options.BatchSize,
            Threads = result.GetValue(ThreadsOption),
            Device = result.GetValue(DeviceOption) ?? options.Device,
            LatencyPairs = result.GetValue(LatencyOption),
            CompareOnnx = result.GetValue(CompareOnnxOption),
            Unlabelled = result.GetValue(UnlabelledOption),
        };
    }
}
