using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Commands;

/// <summary>
/// <c>train</c>'s command line: the spec (from <c>--spec FILE.json</c>, then each flag of <see cref="TrainFlags"/> in
/// order), the seeds, and how to run — <c>--threads</c>, <c>--device</c>, <c>--output-dir</c>, <c>--max-train-samples</c>,
/// <c>--checkpoint-every N</c>, <c>--resume-from DIR</c>. For example <c>train --task qqp --train-file F
/// --validation-file F --model minilm --method enhanced-lora --seed 1 --output-dir DIR</c>; <c>train --help</c> lists
/// every option.
/// </summary>
public sealed record TrainOptions
{
    /// <summary>The options that say how to run rather than what (the spec's come from <see cref="TrainFlags"/>).</summary>
    private static readonly (string Name, string Description)[] RunOptions =
    [
        ("spec", "A spec file (JSON) to start from; the other options override its fields."),
        ("seeds", "Comma-separated seeds: one run each, in order (instead of --seed)."),
        ("threads", "Torch's intra-op threads."),
        ("device", "cpu, cuda or cuda:N."),
        ("output-dir", "The run's folder (seed<S>/ in it for each of several seeds); default runs/<time>-<method>-seed<S>/."),
        ("max-train-samples", "Train on the first N training pairs only."),
        ("checkpoint-every", "Write a resumable checkpoint every N steps (and on Ctrl+C)."),
        ("resume-from", "A checkpoint folder to continue from (one seed)."),
    ];

    public required ExperimentSpec Spec { get; init; }

    /// <summary>From <c>--seeds 1,2,3</c>: one run per seed, in order; empty means the spec's seed.</summary>
    public IReadOnlyList<int> Seeds { get; init; } = [];

    public int? Threads { get; init; }

    public string Device { get; init; } = "cpu";

    /// <summary>The artifact folder; with several seeds each run gets <c>seed&lt;S&gt;/</c> in it. Null: under runs/.</summary>
    public string? OutputDirectory { get; init; }

    /// <summary>Train on the first this many training examples only (see <see cref="TrainingSlice"/>).</summary>
    public int? MaxTrainSamples { get; init; }

    /// <summary>Write a resumable checkpoint into the run's <c>checkpoint/</c> folder every this many steps (and on Ctrl+C); 0: none.</summary>
    public int CheckpointEverySteps { get; init; }

    /// <summary>A checkpoint folder to continue from (one seed only).</summary>
    public string? ResumeFrom { get; init; }

    public IReadOnlyList<int> RunSeeds => Seeds.Count > 0 ? Seeds : [Spec.Seed];

    /// <summary>What the validator checks: the spec and the seeds (the name is only for the portal).</summary>
    public ExperimentRequest ToRequest() => new() { Name = TrainCommand.Name, Spec = Spec, Seeds = Seeds };

    /// <summary>Where the run for <paramref name="seed"/> writes: the given folder, or runs/&lt;time&gt;-&lt;method&gt;-seed&lt;S&gt;/.</summary>
    public string OutputFolder(int seed, DateTime started)
    {
        if (OutputDirectory is null)
        {
            var stamp = started.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            return Path.GetFullPath(Path.Combine("runs", $"{stamp}-{LabJson.NameOf(Spec.Method.Kind)}-seed{seed}"));
        }

        return Path.GetFullPath(Seeds.Count > 1 ? Path.Combine(OutputDirectory, $"seed{seed}") : OutputDirectory);
    }

    /// <summary><c>train</c> with every option and what <c>--help</c> says of it.</summary>
    public static Command Command() => CommandParsing.Define(
        TrainCommand.Name,
        "Trains one run per seed, as an agent would from the portal; one JSON line of metrics per run, then a summary.",
        TrainFlags.All.Select(flag => flag.IsSwitch ? (Option)new Option<bool>("--" + flag.Name) { Description = flag.Description } : new Option<string>("--" + flag.Name) { Description = flag.Description })
            .Concat(RunOptions.Select(o => new Option<string>("--" + o.Name) { Description = o.Description })));

    /// <summary>Parses the arguments after the command name; throws <see cref="ArgumentException"/> naming a bad one.</summary>
    public static TrainOptions Parse(IReadOnlyList<string> args)
    {
        var given = CommandParsing.Given(CommandParsing.Parse(Command(), args)).ToList();
        string? Value(string name) => given.LastOrDefault(g => g.Name == name).Value;
        var specFile = Value("spec");
        if (specFile is null && (Value("model") is null || Value("method") is null))
        {
            throw new ArgumentException("--model and --method are required (or give them in --spec FILE.json).");
        }

        if (Value("seed") is not null && Value("seeds") is not null)
        {
            throw new ArgumentException("Give --seed or --seeds, not both.");
        }

        if (Value("resume-from") is not null && Value("seeds") is not null)
        {
            throw new ArgumentException("--resume-from continues one run: give --seed, not --seeds.");
        }

        var spec = given.Aggregate(specFile is null ? new ExperimentSpec() : ReadSpec(specFile), (s, g) => TrainFlags.All.FirstOrDefault(f => f.Name == g.Name) is { } flag ? flag.Apply(s, g.Value) : s);
        return new TrainOptions
        {
            Spec = spec,
            Seeds = Value("seeds")?.Split(',', StringSplitOptions.TrimEntries).Select(s => TrainFlags.Int("seeds", s)).ToList() ?? [],
            Threads = Value("threads") is { } threads ? Positive("threads", threads) : null,
            Device = Value("device") ?? "cpu",
            OutputDirectory = Value("output-dir"),
            MaxTrainSamples = Value("max-train-samples") is { } samples ? Positive("max-train-samples", samples) : null,
            CheckpointEverySteps = Value("checkpoint-every") is { } every ? Positive("checkpoint-every", every) : 0,
            ResumeFrom = Value("resume-from"),
        };
    }

    private static int Positive(string flag, string text) =>
        TrainFlags.Int(flag, text) is var value and > 0 ? value : throw new ArgumentException($"--{flag} must be at least 1 (got '{text}').");

    private static ExperimentSpec ReadSpec(string path)
    {
        try
        {
            return LabJson.Deserialize<ExperimentSpec>(File.ReadAllText(path));
        }
        catch (Exception exception) when (exception is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--spec {path}: {exception.Message}", exception);
        }
    }
}
