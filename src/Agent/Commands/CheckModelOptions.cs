using System.Globalization;

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

    /// <summary>Parses the arguments after the command name; throws <see cref="ArgumentException"/> naming a bad one.</summary>
    public static CheckModelOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--option value' pairs, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var known = new[] { "model", "pairs", "threads", "data", "batch-size", "max-length" };
        if (values.Keys.FirstOrDefault(k => !known.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            throw new ArgumentException($"Unknown option --{unknown} (known: {string.Join(", ", known.Select(k => "--" + k))}).");
        }

        return new CheckModelOptions
        {
            Model = values.GetValueOrDefault("model") ?? throw new ArgumentException("--model NAME is required."),
            Pairs = Positive(values, "pairs") ?? 20,
            Threads = Positive(values, "threads"),
            DataPath = values.GetValueOrDefault("data"),
            BatchSize = Positive(values, "batch-size") ?? 10,
            MaxLength = Positive(values, "max-length") ?? 128,
        };
    }

    private static int? Positive(Dictionary<string, string> values, string name) =>
        !values.TryGetValue(name, out var text) ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value
        : throw new ArgumentException($"--{name} must be a positive whole number (got '{text}').");
}
