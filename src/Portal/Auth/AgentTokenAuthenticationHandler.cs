using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.Auth;

/// <summary>
/// Authenticates agents by their token: "Authorization: Bearer T", or the access_token query parameter
/// that SignalR uses for WebSockets and server-sent events.
/// </summary>
public sealed class AgentTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AgentTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AgentToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadToken();
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!tokens.Accepts(presented))
        {
            return Task.FromResult(AuthenticateResult.Fail("The agent token is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, "agent")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private string? ReadToken()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        var query = Request.Query["access_token"].ToString();
        return string.IsNullOrEmpty(query) ? null : query;
    }
}
