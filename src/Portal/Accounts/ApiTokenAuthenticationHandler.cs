using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.Accounts;

/// <summary>Authenticates scripts by a personal API token ("Authorization: Bearer lp_…") as the token's owner.</summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ApiTokenService tokens, AccountService accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (LabAuthentication.BearerToken(Request) is not { } presented || !presented.StartsWith(ApiTokenService.TokenPrefix, StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // A token outlives neither its revocation nor its owner's account (deleted or disabled).
        if (tokens.Authenticate(presented) is not { } token || accounts.FindActive(token.UserName) is not { } user)
        {
            return Task.FromResult(AuthenticateResult.Fail("The API token is not valid or has been revoked."));
        }

        var principal = LabAuthentication.PrincipalFor(user, SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
