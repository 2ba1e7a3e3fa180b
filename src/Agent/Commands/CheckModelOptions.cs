using System.CommandLine;

namespace LabPortal.Agent.Commands;

/// <summary>
/// <c>check-model --model NAME [--pairs N] [--threads N] [--data FILE] [--batch-size N] [--max-length N]</c>.
/// The data defaults to the repository's demo pairs, <c>data/demo/dev.tsv</c>.
/// </summary>
public sealed record CheckModelOptions
{
    public required string Model { get; init; }

    /// <summary>How many dev pairs to run (from the top of the file).</summary>
    public int Pairs { get; init; } = 20;

    /// <summary>Intra-op threads for both torch and ONNX Runtime; null keeps torch's default.</summary>
    public int? Threads { get; init; }

    /// <summary>A GLUE QQP-layout TSV; null means the repository's demo dev pairs.</summary>
    public string? DataPath { get; init; }

    public int BatchSize { get; init; } = 10;

    public int MaxLength { get; init; } = 128;

    private static readonly Option<string> ModelOption = new("--model") { Description = "A packaged model's name (minilm, arctic-xs).", Required = true };
    private static readonly Option<int?> PairsOption = CommandParsing.PositiveCount("--pairs", "How many pairs to run, from the top of the file (default 20).");
    private static readonly Option<int?> ThreadsOption = CommandParsing.PositiveCount("--threads", "Intra-op threads for torch and ONNX Runtime (default: torch's).");
    private static readonly Option<string?> DataOption = new("--data") { Description = "A QQP-layout TSV (default: the repository's demo pairs, data/demo/dev.tsv)." };
    private static readonly Option<int?> BatchSizeOption = CommandParsing.PositiveCount("--batch-size", "Pairs per forward pass (default 10).");
    private static readonly Option<int?> MaxLengthOption = CommandParsing.PositiveCount("--max-length", "Word-pieces per encoded pair (default 128).");

    /// <summary><c>check-model</c> with every option and what <c>--help</c> says of it.</summary>
    public static Command Command() => CommandParsing.Define(
        CheckModelCommand.Name,
        "Runs a packaged encoder through this project's model and through ONNX Runtime on real pairs, compares the last hidden states and times both.",
        [ModelOption, PairsOption, ThreadsOption, DataOption, BatchSizeOption, MaxLengthOption]);

    /// <summary>Parses the arguments after the command name; throws <see cref="ArgumentException"/> naming a bad one.</summary>
    public static CheckModelOptions Parse(IReadOnlyList<string> args)
    {
        var result = CommandParsing.Parse(Command(), args);
        var options = new CheckModelOptions { Model = result.GetRequiredValue(ModelOption), Threads = result.GetValue(ThreadsOption), DataPath = result.GetValue(DataOption) };
        return options with
        {
            Pairs = result.GetValue(PairsOption) ?? options.Pairs,
            BatchSize = result.GetValue(BatchSizeOption) ?? options.BatchSize,
            MaxLength = result.GetValue(MaxLengthOption) ?? options.MaxLength,
        };
    }
}
