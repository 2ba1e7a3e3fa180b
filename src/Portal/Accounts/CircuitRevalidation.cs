using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace LabPortal.Portal.Accounts;

/// <summary>
/// Re-checks the person behind each open Blazor circuit: a tab left open by someone since disabled, deleted or given
/// another role loses its pages within <see cref="Interval"/>, instead of keeping them until it is closed.
/// </summary>
public sealed class CircuitRevalidation(ILoggerFactory logs, AccountService accounts) : RevalidatingServerAuthenticationStateProvider(logs)
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override TimeSpan RevalidationInterval => Interval;

    /// <summary>Whether this principal still names an active person with the role it carries.</summary>
    public bool StillValid(ClaimsPrincipal user) =>
        accounts.FindActive(UserNames.NameOf(user)) is { } person && user.IsInRole(person.Role);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken) =>
        Task.FromResult(StillValid(state.User));
}
