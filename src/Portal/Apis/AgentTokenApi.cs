using System.Security.Claims;
using LabPortal.Portal.Accounts;

namespace LabPortal.Portal.Apis;

/// <summary>Admins issue and revoke agent tokens.</summary>
public static class AgentTokenApi
{
    public static IEndpointRouteBuilder MapAgentTokenApi(this IEndpointRouteBuilder app)
    {
        var tokens = app.MapGroup("/api/agent-tokens").RequireAuthorization(LabAuthentication.AdminPolicy);

        tokens.MapGet("/", (AgentTokens agentTokens) =>
            agentTokens.List().Select(t => new { t.Id, t.Name, t.AgentId, t.Prefix, t.CreatedBy, t.CreatedAt, t.LastUsed, t.RevokedAt }));

        tokens.MapPost("/", (AgentTokenRequest request, ClaimsPrincipal user, AgentTokens agentTokens) =>
        {
            var (record, token) = agentTokens.Issue(request.Name ?? "", request.AgentId, UserNames.NameOf(user));
            return Results.Created($"/api/agent-tokens/{record.Id}", new { record.Id, record.Name, record.AgentId, Token = token });
        });

        tokens.MapDelete("/{id:int}", (int id, AgentTokens agentTokens) => agentTokens.Revoke(id) ? Results.NoContent() : Results.NotFound());

        return app;
    }

    public sealed record AgentTokenRequest(string? Name, string? AgentId);
}
