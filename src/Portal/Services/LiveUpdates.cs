using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Services;

/// <summary>
/// The portal's notification service: the hub and scheduler publish, pages subscribe and re-render.
/// Pages never poll the database; they load once and then follow these events.
/// </summary>
public sealed class LiveUpdates
{
    /// <summary>A run's state or progress summary changed; carries the stored run.</summary>
    public event Action<RunRecord>? RunChanged;

    /// <summary>New points were stored for a run (run id, the new points in order).</summary>
    public event Action<int, IReadOnlyList<MetricPoint>>? PointsAdded;

    /// <summary>An agent connected, disconnected or changed what it is doing.</summary>
    public event Action<AgentRecord>? AgentChanged;

    /// <summary>An agent record was deleted (its id).</summary>
    public event Action<string>? AgentRemoved;

    /// <summary>New log lines were stored for a run (run id, the new lines in order).</summary>
    public event Action<int, IReadOnlyList<RunLogLine>>? LogAdded;

    public void PublishRun(RunRecord run) => RunChanged?.Invoke(run);

    public void PublishPoints(int runId, IReadOnlyList<MetricPoint> points)
    {
        if (points.Count > 0)
        {
            PointsAdded?.Invoke(runId, points);
        }
    }

    public void PublishAgent(AgentRecord agent) => AgentChanged?.Invoke(agent);

    public void PublishAgentRemoved(string agentId) => AgentRemoved?.Invoke(agentId);

    public void PublishLog(int runId, IReadOnlyList<RunLogLine> lines)
    {
        if (lines.Count > 0)
        {
            LogAdded?.Invoke(runId, lines);
        }
    }
}
