using LabPortal.Portal.Services.Playground;
using LabPortal.Shared.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace LabPortal.Portal.Tests.Support;

/// <summary>
/// The hub seam for page tests: answers with the score (or agent error) a test sets and records who was asked.
/// The real hub path is covered by the integration test with a real agent.
/// </summary>
public sealed class ScriptedAgentCalls : IAgentCalls
{
    public List<(string ConnectionId, ScoreRequest Request)> Asked { get; } = [];

    public PairScore? Answer { get; set; }

    public string? AgentError { get; set; }

    public Task<PairScore> ScorePairAsync(string connectionId, ScoreRequest request, CancellationToken cancellationToken)
    {
        Asked.Add((connectionId, request));
        return AgentError is { } error
            ? Task.FromException<PairScore>(new HubException(error))
            : Task.FromResult(Answer ?? throw new InvalidOperationException("The test set no answer."));
    }
}
