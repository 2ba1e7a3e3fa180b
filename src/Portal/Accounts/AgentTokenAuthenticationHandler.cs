using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using LabPortal.Portal.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.Accounts;

/// <summary>
/// Authenticates agents by their token in "Authorization: Bearer T" (the .NET SignalR client sends it on every
/// transport). Never from the query string, where a token would end up in access logs.
/// </summary>
public sealed class AgentTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AgentTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AgentToken";

    /// <summary>The id of the issued token the agent presented (absent for the portal-wide token).</summary>
    public const string TokenIdClaim = "agent_token_id";

    /// <summary>The only agent id the presented token may register as, if it is bound to one.</summary>
    public const string AgentIdClaim = "agent_id";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadToken();
        if (presented is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (tokens.Authenticate(presented) is not { } credential)
        {
            return Task.FromResult(AuthenticateResult.Fail("The agent token is not valid or has been revoked."));
        }

        List<Claim> claims = [new(ClaimTypes.Role, UserRoles.Agent)];
        if (credential.TokenId is { } tokenId)
        {
            claims.Add(new Claim(TokenIdClaim, tokenId.ToString(CultureInfo.InvariantCulture)));
        }

        if (credential.BoundAgentId is { } agentId)
        {
            claims.Add(new Claim(AgentIdClaim, agentId));
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    private string? ReadToken() => LabAuthentication.BearerToken(Request);
}
