using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LabPortal.Agent.Connection;

/// <summary>
/// The agent's settings, from the command line (<c>--portal URL --token T [--agent-id ID] [--data-root DIR]
/// [--parent-pid PID] [--threads N] [--device auto|cpu|cuda:N] [--log-format text|json]</c>) or environment variables
/// <c>LABPORTAL_AGENT_PORTAL</c>, <c>…_TOKEN</c>, <c>…_AGENT_ID</c>, <c>…_DATA_ROOT</c>, <c>…_PARENT_PID</c>,
/// <c>…_THREADS</c>, <c>…_DEVICE</c>, <c>…_LOG_FORMAT</c>. The command line wins.
/// </summary>
public sealed record AgentOptions
{
    public const string EnvironmentPrefix = "LABPORTAL_AGENT_";

    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        Usage:
          LabPortal.Agent --portal URL --token T [--agent-id ID] [--data-root DIR] [--parent-pid PID] [--threads N]
                          [--device auto|cpu|cuda:N] [--log-format text|json]
              Connects to a portal and trains the runs it is given, until stopped. Each option can also be given as an
              environment variable: LABPORTAL_AGENT_PORTAL, _TOKEN, _AGENT_ID, _DATA_ROOT, _PARENT_PID, _THREADS,
              _DEVICE, _LOG_FORMAT; the command line wins.
          LabPortal.Agent train [options]          Trains runs from the command line (train --help lists the options).
          LabPortal.Agent check-model [options]    Checks a packaged encoder against ONNX Runtime (check-model --help).
          LabPortal.Agent score [options]          Scores a file of pairs with a finished run's model (score --help).
          LabPortal.Agent data glue [options]      Downloads the official GLUE task files into data/ (data --help).
        """;

    /// <summary>Maps the dashed switches onto the keys the environment variables produce.</summary>
    public static IDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--portal"] = "portal",
        ["--token"] = "token",
        ["--agent-id"] = "agent_id",
        ["--data-root"] = "data_root",
        ["--parent-pid"] = "parent_pid",
        ["--threads"] = "threads",
        ["--device"] = "device",
        ["--log-format"] = "log_format",
    };

    public required Uri Portal { get; init; }

    public required string Token { get; init; }

    /// <summary>Null means: the stable id stored for this machine and device.</summary>
    public string? AgentId { get; init; }

    public required string DataRoot { get; init; }

    /// <summary>Exit when this process exits (the portal starts local agents with its own pid).</summary>
    public int? ParentPid { get; init; }

    /// <summary>Torch intra-op threads; null keeps torch's default.</summary>
    public int? Threads { get; init; }

    public string Device { get; init; } = "auto";

    /// <summary>Reads and checks the settings; throws <see cref="ArgumentException"/> naming the bad ones.</summary>
    public static AgentOptions Read(IConfiguration configuration)
    {
        var problems = new List<string>();
        var portalText = configuration["portal"];
        Uri? portal = null;
        if (string.IsNullOrWhiteSpace(portalText))
        {
            problems.Add("--portal URL is required (or LABPORTAL_AGENT_PORTAL).");
        }
        else if (!Uri.TryCreate(portalText, UriKind.Absolute, out portal) || portal.Scheme is not ("http" or "https"))
        {
            problems.Add($"--portal must be an http(s) URL (got '{portalText}').");
        }

        var token = configuration["token"];
        if (string.IsNullOrWhiteSpace(token))
        {
            problems.Add("--token is required (or LABPORTAL_AGENT_TOKEN).");
        }

        var parentPid = ReadInt(configuration, "parent_pid", "--parent-pid", problems);
        var threads = ReadInt(configuration, "threads", "--threads", problems);
        if (threads is < 1)
        {
            problems.Add($"--threads must be at least 1 (got {threads}).");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems));
        }

        var agentId = configuration["agent_id"];
        var dataRoot = configuration["data_root"];
        return new AgentOptions
        {
            Portal = portal!,
            Token = token!,
            AgentId = string.IsNullOrWhiteSpace(agentId) ? null : agentId.Trim(),
            DataRoot = Path.GetFullPath(string.IsNullOrWhiteSpace(dataRoot) ? Directory.GetCurrentDirectory() : dataRoot),
            ParentPid = parentPid,
            Threads = threads,
            Device = configuration["device"] is { Length: > 0 } device ? device : "auto",
        };
    }

    /// <summary>The hub address: the portal URL (which may have a path prefix) plus the hub route.</summary>
    public Uri HubUrl => new(Portal.ToString().TrimEnd('/') + Shared.Hubs.AgentHubRoutes.Path);

    private static int? ReadInt(IConfiguration configuration, string key, string option, List<string> problems)
    {
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add($"{option} must be a whole number (got '{text}').");
        return null;
    }
}
