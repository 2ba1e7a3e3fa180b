using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Services;

namespace LabPortal.Portal.Tests.Support;

/// <summary>Stands in for the hub: remembers which agent connection was told to cancel which run.</summary>
public sealed class RecordingAgentCommands : IAgentCommands
{
    private readonly Lock _lock = new();
    private readonly List<(string ConnectionId, int RunId)> _cancels = [];

    public IReadOnlyList<(string ConnectionId, int RunId)> Cancels
    {
        get
        {
            lock (_lock)
            {
                return [.. _cancels];
            }
        }
    }

    public Task CancelRunAsync(string connectionId, int runId)
    {
        lock (_lock)
        {
            _cancels.Add((connectionId, runId));
        }

        return Task.CompletedTask;
    }
}
