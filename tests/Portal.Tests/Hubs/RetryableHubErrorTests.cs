using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Portal.Tests.Hubs;

/// <summary>A report the portal fails to store is not the agent's fault: the answer tells the agent to send it again.</summary>
public sealed class RetryableHubErrorTests : IAsyncDisposable
{
    private readonly PortalFactory _portal = new();

    [Fact]
    public async Task A_completion_the_portal_cannot_store_is_answered_as_retryable_while_a_refusal_is_not()
    {
        await using var agent = TestAgentConnection.Create(_portal, PortalFactory.TestToken);
        await agent.StartAsync();
        await agent.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), new AgentRegistration { AgentId = "agent-r", Machine = "test" });
        var (runId, attempt) = _portal.StartRunOn("agent-r");
        RunCompletion Completion(int forAttempt) => new()
        {
            AgentId = "agent-r", RunId = runId, Attempt = forAttempt, Outcome = new() { Evaluation = new ConfusionCounts(5, 1, 3, 1), Steps = 10 },
        };

        var refused = await Assert.ThrowsAsync<HubException>(() => agent.InvokeAsync(nameof(IAgentHub.CompleteRunAsync), Completion(attempt + 1)));
        _portal.Services.GetRequiredService<LabDatabase>().Dispose(); // the storage fails from here on
        var failed = await Assert.ThrowsAsync<HubException>(() => agent.InvokeAsync(nameof(IAgentHub.CompleteRunAsync), Completion(attempt)));

        Assert.False(HubErrors.IsRetryable(refused));
        Assert.True(HubErrors.IsRetryable(failed), failed.Message);
        Assert.Contains("CompleteRunAsync", failed.Message);
    }

    public async ValueTask DisposeAsync() => await _portal.DisposeAsync();
}
