using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace LabPortal.Portal.Accounts;

/// <summary>
/// How a request says who it is: people by the log-in cookie, scripts by a personal API token ("lp_…"),
/// agents by the agent token. One default scheme picks the right one from the request.
/// </summary>
public static class LabAuthentication
{
    public const string SchemeName = "Lab";

    public const string LoginPath = "/login";

    /// <summary>Everyone who may use the portal as a person: admins and members.</summary>
    public const string PeoplePolicy = "people";

    public const string AdminPolicy = "admin";

    /// <summary>Agent processes, by the agent token only: the hub and artifact uploads, nothing a person uses.</summary>
    public const string AgentPolicy = "agent";

    /// <summary>People and agents: reading a run's files (agents fetch checkpoints to resume and adapters to score).</summary>
    public const string PeopleOrAgentsPolicy = "people-or-agents";

    public static IServiceCollection AddLabAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<AccountService>();
        services.AddSingleton<ApiTokenService>();
        services.AddSingleton<LoginThrottle>();
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, CircuitRevalidation>();
        services.AddAuthentication(SchemeName)
            .AddPolicyScheme(SchemeName, "Cookie, API token or agent token", o => o.ForwardDefaultSelector = SchemeFor)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, ConfigureCookie)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, AgentTokenAuthenticationHandler>(AgentTokenAuthenticationHandler.SchemeName, null);
        // Everything not marked otherwise is for people: an agent token authenticates, but read off a GPU host it
        // must not cancel runs, read exports or open the portal's pages and circuits.
        var people = new AuthorizationPolicyBuilder().RequireRole(UserRoles.Admin, UserRoles.Member).Build();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(people)
            .AddPolicy(PeoplePolicy, people)
            .AddPolicy(AdminPolicy, p => p.RequireRole(UserRoles.Admin))
            .AddPolicy(AgentPolicy, p => p.AddAuthenticationSchemes(AgentTokenAuthenticationHandler.SchemeName).RequireRole(UserRoles.Agent))
            .AddPolicy(PeopleOrAgentsPolicy, p => p.RequireRole(UserRoles.Admin, UserRoles.Member, UserRoles.Agent));
        return services;
    }

    public static ClaimsPrincipal PrincipalFor(UserRecord user, string scheme) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.Name, user.UserName), new Claim(ClaimTypes.Role, user.Role)], scheme));

    /// <summary>The token of an "Authorization: Bearer …" header, if any.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private static string SchemeFor(HttpContext context)
    {
        var bearer = BearerToken(context.Request);
        if (bearer is not null)
        {
            return bearer.StartsWith(ApiTokenService.TokenPrefix, StringComparison.Ordinal)
                ? ApiTokenAuthenticationHandler.SchemeName
                : AgentTokenAuthenticationHandler.SchemeName;
        }

        // No token is read from a query string: URLs end up in proxy and access logs. Agents send the header.
        return CookieAuthenticationDefaults.AuthenticationScheme;
    }

    private static void ConfigureCookie(CookieAuthenticationOptions options)
    {
        options.LoginPath = LoginPath;
        options.AccessDeniedPath = "/denied";
        options.Cookie.Name = "labportal";
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Lax;
        options.ExpireTimeSpan = TimeSpan.FromDays(14);
        options.SlidingExpiration = true;
        // Scripts get status codes, not a redirect to a page they cannot fill in.
        options.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden);
        // A removed or disabled account or a changed role takes effect on the next request, not when the cookie expires.
        options.Events.OnValidatePrincipal = RefreshFromStore;
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int apiStatus)
    {
        if (context.Request.Path.StartsWithSegments("/api"))
        {
            context.Response.StatusCode = apiStatus;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }

    private static Task RefreshFromStore(CookieValidatePrincipalContext context)
    {
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountService>();
        var user = accounts.FindActive(context.Principal?.Identity?.Name ?? "");
        if (user is null)
        {
            context.RejectPrincipal();
        }
        else if (!context.Principal!.IsInRole(user.Role))
        {
            context.ReplacePrincipal(PrincipalFor(user, CookieAuthenticationDefaults.AuthenticationScheme));
            context.ShouldRenew = true;
        }

        return Task.CompletedTask;
    }
}
