using Microsoft.AspNetCore.SignalR.Client;

namespace LabPortal.Agent.Connection;

/// <summary>
/// Reconnects forever with a capped exponential backoff (0, 1, 2, 4, 8, 16, 30, 30, … seconds), because an
/// agent should outlive any portal restart. SignalR's default gives up after four tries.
/// </summary>
public sealed class RetryForeverPolicy(TimeSpan? cap = null) : IRetryPolicy
{
    private readonly TimeSpan _cap = cap ?? TimeSpan.FromSeconds(30);

    public TimeSpan? NextRetryDelay(RetryContext retryContext) => Delay(retryContext.PreviousRetryCount);

    public TimeSpan Delay(long previousRetries) => previousRetries switch
    {
        0 => TimeSpan.Zero,
        _ => TimeSpan.FromSeconds(Math.Min(_cap.TotalSeconds, Math.Pow(2, Math.Min(previousRetries - 1, 16)))),
    };
}
