using System.Text.RegularExpressions;

namespace LabPortal.Shared.Runs;

/// <summary>The files a run keeps (adapter, predictions, metrics) and the one rule their names follow on both sides.</summary>
public static partial class ArtifactNames
{
    public const string Adapter = "adapter.zip";
    public const string Predictions = "predictions.tsv";
    public const string Metrics = "metrics.json";

    /// <summary>Where an agent uploads an artifact of its attempt (PUT, agent token).</summary>
    public static string UploadPath(int runId, int attempt, string name) => $"/api/agent/runs/{runId}/attempts/{attempt}/artifacts/{name}";

    /// <summary>Short, lower-case, no path separators or dot-dot: a name can never address anything but its run's file.</summary>
    public static bool IsValid(string? name) => name is not null && ValidName().IsMatch(name) && !name.Contains("..", StringComparison.Ordinal);

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex ValidName();
}
