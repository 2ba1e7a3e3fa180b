using LabPortal.Portal.Accounts;
using LabPortal.Portal.Apis.Models;
using LabPortal.Portal.Services.Playground;
using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Apis;

/// <summary>The playground from scripts: a finished run's model scores one pair, through the agent that offers it.</summary>
public static class ScoreApi
{
    public static IEndpointRouteBuilder MapScoreApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/runs/{id:int}/score", async (int id, HttpRequest http, RunStore runs, PairScoring scoring, CancellationToken cancellationToken) =>
        {
            if (runs.Get(id) is null)
            {
                return Results.Problem($"Run {id} does not exist.", statusCode: StatusCodes.Status404NotFound);
            }

            var (request, problem) = await JsonBody.ReadAsync<ScoreRequestDto>(http);
            if (problem is not null)
            {
                return problem;
            }

            // The same checks and words as the playground page: a run that cannot be tried, a missing text, no agent.
            var answer = await scoring.ScoreAsync(id, request!.First, request.Second, cancellationToken);
            return answer.Score is { } score
                ? Results.Ok(score)
                : Results.Problem(answer.Error, statusCode: StatusCodes.Status422UnprocessableEntity);
        }).RequireAuthorization(LabAuthentication.PeoplePolicy);

        return app;
    }
}
