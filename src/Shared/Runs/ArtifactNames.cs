using System.Text.RegularExpressions;
using LabPortal.Shared.Experiments;

namespace LabPortal.Shared.Runs;

/// <summary>The files a run keeps (adapter, predictions, metrics) and the one rule their names follow on both sides.</summary>
public static partial class ArtifactNames
{
    public const string Adapter = "adapter.zip";
    public const string Predictions = "predictions.tsv";
    public const string Result = "result.json";
    public const string Head = "head.safetensors";

    /// <summary>The latest resumable checkpoint of a run (a zip of the agent's checkpoint folder), replaced as training goes.</summary>
    public const string Checkpoint = "checkpoint.zip";

    /// <summary>The file holding a method's trained weights on the portal; null for full fine-tuning, which keeps none.</summary>
    public static string? WeightsOf(MethodKind method) => method switch
    {
        MethodKind.Lora or MethodKind.EnhancedLora => Adapter,
        MethodKind.HeadOnly => Head,
        _ => null,
    };

    /// <summary>
    /// The files a finished run's model is rebuilt from for scoring: result.json (spec, τ) and the weights; zero-shot
    /// needs only result.json (the base model and τ). Null for full fine-tuning, which keeps no weights.
    /// </summary>
    public static IReadOnlyList<string>? NeededToScore(MethodKind method) =>
        method == MethodKind.ZeroShot ? [Result] : WeightsOf(method) is { } weights ? [Result, weights] : null;

    /// <summary>Where an agent uploads an artifact of its attempt (PUT, agent token).</summary>
    public static string UploadPath(int runId, int attempt, string name) => $"/api/agent/runs/{runId}/attempts/{attempt}/artifacts/{name}";

    /// <summary>Short, lower-case, no path separators or dot-dot: a name can never address anything but its run's file.</summary>
    public static bool IsValid(string? name) => name is not null && ValidName().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex ValidName();
}
