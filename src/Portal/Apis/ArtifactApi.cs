using LabPortal.Portal.Accounts;
using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.Apis;

/// <summary>Run files: agents upload them with their token; people and scripts list and download them.</summary>
public static class ArtifactApi
{
    public static IEndpointRouteBuilder MapArtifactApi(this IEndpointRouteBuilder app)
    {
        app.MapPut("/api/agent/runs/{runId:int}/attempts/{attempt:int}/artifacts/{name}",
                async (int runId, int attempt, string name, [FromQuery] string agentId, HttpRequest request, RunLifecycle lifecycle, IOptions<LabOptions> options) =>
                {
                    // A token bound to one agent uploads only as that agent.
                    if (request.HttpContext.User.FindFirst(AgentTokenAuthenticationHandler.AgentIdClaim)?.Value is { } bound && bound != agentId)
                    {
                        return Results.Problem($"This agent token belongs to agent '{bound}', not '{agentId}'.", statusCode: StatusCodes.Status403Forbidden);
                    }

                    // A bad name is the request's fault (400), told before the body is read.
                    if (!ArtifactNames.IsValid(name))
                    {
                        return Results.Problem(
                            $"'{name}' is not an artifact name (lower-case letters, digits, '.', '_', '-'; at most 64; no '..').",
                            statusCode: StatusCodes.Status400BadRequest);
                    }

                    // Kestrel stops bodies at 30,000,000 bytes unless told otherwise; here the copy below enforces the
                    // setting itself, so an oversized upload gets a 413 that names it.
                    var limit = options.Value.MaxArtifactBytes;
                    if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
                    {
                        bodySize.MaxRequestBodySize = null;
                    }

                    // Spooled to disk first, so a broken upload never replaces a stored file with part of one.
                    await using var content = await BoundedCopy.SpoolAsync(request.Body, limit);
                    if (content is null)
                    {
                        return Results.Problem(
                            $"'{name}' is larger than the portal accepts ({limit:N0} bytes, setting Lab:MaxArtifactBytes).",
                            statusCode: StatusCodes.Status413PayloadTooLarge);
                    }

                    try
                    {
                        lifecycle.AcceptArtifact(agentId, runId, attempt, name, content);
                        return Results.NoContent();
                    }
                    catch (AgentReportRejectedException rejected)
                    {
                        return Results.Problem(rejected.Message, statusCode: StatusCodes.Status409Conflict);
                    }
                })
            .RequireAuthorization(LabAuthentication.AgentPolicy)
            .DisableAntiforgery();

        app.MapGet("/api/runs/{runId:int}/artifacts", (int runId, RunStore runs, ArtifactStore artifacts) =>
            runs.Get(runId) is null ? Results.NotFound() : Results.Ok(artifacts.List(runId)));

        app.MapGet("/api/runs/{runId:int}/artifacts/{name}", (int runId, string name, ArtifactStore artifacts) =>
            ArtifactNames.IsValid(name) && artifacts.Open(runId, name) is { } content
                ? Results.Stream(content, ContentTypeOf(name), $"run-{runId}-{name}")
                : Results.NotFound())
            .RequireAuthorization(LabAuthentication.PeopleOrAgentsPolicy);

        return app;
    }

    private static string ContentTypeOf(string name) => Path.GetExtension(name) switch
    {
        ".zip" => "application/zip",
        ".json" => "application/json",
        ".tsv" => "text/tab-separated-values",
        _ => "application/octet-stream",
    };
}
