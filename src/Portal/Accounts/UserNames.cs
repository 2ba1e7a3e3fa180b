using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace LabPortal.Portal.Accounts;

/// <summary>Who is acting, as the name recorded on experiments and notes.</summary>
public static class UserNames
{
    public static string NameOf(ClaimsPrincipal user) =>
        user.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? name : "anonymous";

    public static async Task<string> NameAsync(this Task<AuthenticationState> state) => NameOf((await state).User);
}
