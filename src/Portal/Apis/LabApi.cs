using System.Security.Claims;
using System.Text.Json;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Apis.Models;
using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Apis;

/// <summary>The JSON API for scripts and tests.</summary>
public static class LabApi
{
    private const int RunListLimit = 500;

    public static IEndpointRouteBuilder MapLabApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");

        api.MapGet("/agents", (AgentStore agents) => agents.List().Select(AgentDto.From));

        api.MapGet("/runs", (RunStore runs) => runs.ListRecent(RunListLimit).Select(RunDto.From));

        api.MapGet("/runs/{id:int}", (int id, RunStore runs) =>
            runs.Get(id) is { } run ? Results.Ok(RunDto.From(run)) : Results.NotFound());

        api.MapGet("/runs/{id:int}/points", (int id, RunStore runs, MetricStore metrics) =>
            runs.Get(id) is null ? Results.NotFound() : Results.Ok(metrics.ListForRun(id)));

        api.MapGet("/experiments/{id:int}", (int id, ExperimentStore experiments) =>
            experiments.Get(id) is { } e
                ? Results.Ok(new { e.Id, e.Name, e.CreatedAt, e.CreatedBy, e.RunIds, Spec = JsonDocument.Parse(e.SpecJson).RootElement })
                : Results.NotFound());

        api.MapPost("/experiments", async (HttpRequest http, ClaimsPrincipal user, ExperimentService service) =>
        {
            var (request, problem) = await JsonBody.ReadAsync<ExperimentRequest>(http);
            if (problem is not null)
            {
                return problem;
            }

            var result = service.Submit(request!, UserNames.NameOf(user));
            if (!result.Succeeded)
            {
                var fields = result.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
                return Results.ValidationProblem(fields, title: "The experiment spec is not valid.");
            }

            var experiment = result.Experiment!;
            return Results.Created($"/api/experiments/{experiment.Id}", new ExperimentCreatedDto(experiment.Id, experiment.RunIds));
        }).RequireAuthorization(LabAuthentication.PeoplePolicy);

        return app;
    }
}
