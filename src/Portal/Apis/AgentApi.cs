using LabPortal.Portal.Accounts;
using LabPortal.Portal.Apis.Models;
using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Services;

namespace LabPortal.Portal.Apis;

/// <summary>Agent administration from scripts: drain, undrain, remove.</summary>
public static class AgentApi
{
    public static IEndpointRouteBuilder MapAgentApi(this IEndpointRouteBuilder app)
    {
        // Admins only: these change what the whole team's queue can use.
        var agents = app.MapGroup("/api/agents/{id}").RequireAuthorization(LabAuthentication.AdminPolicy);

        agents.MapPost("/drain", (string id, AgentAdministration admin) => Answer(id, admin.Drain(id)));

        agents.MapPost("/undrain", (string id, AgentAdministration admin) => Answer(id, admin.Undrain(id)));

        agents.MapDelete("", (string id, AgentAdministration admin) => admin.Remove(id) switch
        {
            AgentRemoval.Removed => Results.NoContent(),
            AgentRemoval.Online => Results.Problem(
                $"Agent '{id}' is online; only an offline agent can be removed (stop the agent first; drain it to let it finish its run).", statusCode: StatusCodes.Status409Conflict),
            _ => NotFound(id),
        });

        return app;
    }

    private static IResult Answer(string id, Storage.AgentRecord? agent) => agent is null ? NotFound(id) : Results.Ok(AgentDto.From(agent));

    private static IResult NotFound(string id) => Results.Problem($"Agent '{id}' does not exist.", statusCode: StatusCodes.Status404NotFound);
}
