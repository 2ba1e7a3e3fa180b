using LabPortal.Portal.Services.Datasets;

namespace LabPortal.Portal.Services;

/// <summary>The portal's settings, bound from the "Lab" section (appsettings.json or LAB__* variables).</summary>
public sealed class LabOptions
{
    public const string Section = "Lab";

    /// <summary>Folder that relative dataset paths and the database path resolve against.
    /// Empty: the repository root when the portal runs from a checkout, else the content root.</summary>
    public string DataRoot { get; set; } = "";

    /// <summary>The LiteDB file, relative to the data root unless absolute.</summary>
    public string DatabasePath { get; set; } = "lab-data/labportal.db";

    /// <summary>The token agents present. Empty: a random token for this start, known only to local agents.</summary>
    public string AgentToken { get; set; } = "";

    /// <summary>Tokens bound to one agent id each (agent id → token), for agents deployed with the portal, such as
    /// compose's one per GPU; each registers only as its id, like a token issued on the Agent tokens page. An empty
    /// token is ignored (a GPU that is not in use).</summary>
    public Dictionary<string, string> AgentTokens { get; set; } = [];

    /// <summary>How many agent processes the portal starts on its own machine (0 for none).</summary>
    public int LocalAgents { get; set; } = 1;

    /// <summary>The agent entry assembly for local agents. Empty: found beside the portal in the checkout.</summary>
    public string LocalAgentPath { get; set; } = "";

    /// <summary>Extra arguments for local agents, for example "--threads 2".</summary>
    public string LocalAgentArguments { get; set; } = "";

    /// <summary>An admin account created at start-up if no user has that name (for unattended set-ups).
    /// Empty: the first person to open the portal creates the admin on the set-up page.</summary>
    public string AdminUserName { get; set; } = "";

    /// <summary>The password of <see cref="AdminUserName"/> (set it through LAB__ADMINPASSWORD, not a file).</summary>
    public string AdminPassword { get; set; } = "";

    /// <summary>The largest message an agent may send over the hub; a larger one closes its connection.</summary>
    public long MaxAgentMessageBytes { get; set; } = 256 * 1024;

    /// <summary>How many hub calls an agent connection may make a second (reports come in batches, so a handful is normal).</summary>
    public int AgentCallsPerSecond { get; set; } = 50;

    /// <summary>The largest file an agent may upload for a run (adapters, predictions).</summary>
    public long MaxArtifactBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>How long an attempt survives without a heartbeat from its agent before it is lost and its run queued again.</summary>
    public double LeaseSeconds { get; set; } = 60;

    /// <summary>How often (in optimiser steps) agents upload a resumable checkpoint; 0 for never.</summary>
    public int CheckpointEverySteps { get; set; } = 100;

    /// <summary>How often agents send a heartbeat.</summary>
    public double HeartbeatSeconds { get; set; } = 5;
}
