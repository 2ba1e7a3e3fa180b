using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Services;
using LabPortal.Shared.Hubs;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.Hubs;

/// <summary>
/// Guards the agent hub: a token bound to an agent id registers only as that agent, each connection may make a
/// limited number of calls a second, and connections made with a token are closed when the token is revoked.
/// </summary>
public sealed class AgentConnectionGuard : IHubFilter, IDisposable
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new();
    private readonly AgentTokens _tokens;
    private readonly int _callsPerSecond;
    private readonly ILogger<AgentConnectionGuard> _logger;

    public AgentConnectionGuard(AgentTokens tokens, IOptions<LabOptions> options, ILogger<AgentConnectionGuard> logger)
    {
        _tokens = tokens;
        _callsPerSecond = options.Value.AgentCallsPerSecond;
        _logger = logger;
        _tokens.Revoked += CloseConnectionsOf;
    }

    /// <summary>Whether this connection is still open (its disconnect has not been seen).</summary>
    public bool IsOpen(string connectionId) => _connections.ContainsKey(connectionId);

    public Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        var tokenClaim = context.Context.User?.FindFirst(AgentTokenAuthenticationHandler.TokenIdClaim)?.Value;
        int? tokenId = int.TryParse(tokenClaim, CultureInfo.InvariantCulture, out var id) ? id : null;
        // A bucket of one second's calls, refilled continuously: bursts are fine, a flood is not.
        var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = _callsPerSecond,
            TokensPerPeriod = _callsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        _connections[context.Context.ConnectionId] = new Connection(tokenId, context.Context, limiter);
        return next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (_connections.TryRemove(context.Context.ConnectionId, out var connection))
        {
            connection.Limiter.Dispose();
        }

        await next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocation, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        if (_connections.TryGetValue(invocation.Context.ConnectionId, out var connection))
        {
            using var lease = connection.Limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                throw new HubException($"Too many calls: an agent may make at most {_callsPerSecond} a second. Send progress in batches.");
            }
        }

        var bound = invocation.Context.User?.FindFirst(AgentTokenAuthenticationHandler.AgentIdClaim)?.Value;
        if (bound is not null && invocation.HubMethodArguments is [AgentRegistration registration] && registration.AgentId != bound)
        {
            throw new HubException($"This agent token belongs to agent '{bound}'; it cannot register as '{registration.AgentId}'.");
        }

        return await next(invocation);
    }

    public void Dispose() => _tokens.Revoked -= CloseConnectionsOf;

    private void CloseConnectionsOf(int tokenId)
    {
        foreach (var connection in _connections.Values.Where(c => c.TokenId == tokenId))
        {
            _logger.LogWarning("Closing agent connection {ConnectionId}: its token was revoked", connection.Context.ConnectionId);
            connection.Context.Abort();
        }
    }

    private sealed record Connection(int? TokenId, HubCallerContext Context, TokenBucketRateLimiter Limiter);
}
