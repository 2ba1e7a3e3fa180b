using System.Text;
using LabPortal.Portal.Apis.Models;
using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Validation;

namespace LabPortal.Portal.Apis;

/// <summary>The queue from scripts: cancel, queue again, change priority, read a run's log.</summary>
public static class QueueApi
{
    public static IEndpointRouteBuilder MapQueueApi(this IEndpointRouteBuilder app)
    {
        var runs = app.MapGroup("/api/runs/{id:int}");

        runs.MapPost("/cancel", async (int id, RunControl control) => await AnswerAsync(id, () => control.CancelAsync(id)));

        runs.MapPost("/requeue", async (int id, RunControl control) => await AnswerAsync(id, () => Task.FromResult(control.Requeue(id))));

        runs.MapPut("/priority", async (int id, PriorityDto body, RunControl control) =>
            body.Priority is < -SpecValidator.MaxPriority or > SpecValidator.MaxPriority
                ? Results.ValidationProblem(
                    new Dictionary<string, string[]>
                    {
                        ["priority"] = [$"The priority must be between {-SpecValidator.MaxPriority} and {SpecValidator.MaxPriority} (got {body.Priority})."],
                    },
                    title: "The priority is not valid.")
                : await AnswerAsync(id, () => Task.FromResult(control.SetPriority(id, body.Priority))));

        runs.MapGet("/log", (int id, RunStore store, RunLogStore logs) =>
        {
            if (store.Get(id) is null)
            {
                return Results.NotFound();
            }

            var text = new StringBuilder();
            foreach (var line in logs.Tail(id))
            {
                text.Append(line.Text).Append('\n');
            }

            return Results.Text(text.ToString(), "text/plain", Encoding.UTF8);
        });

        return app;
    }

    /// <summary>200 with the changed run, 404 for an unknown run, 409 with the reason for an impossible change.</summary>
    private static async Task<IResult> AnswerAsync(int id, Func<Task<RunRecord?>> change)
    {
        try
        {
            return await change() is { } run ? Results.Ok(RunDto.From(run)) : Results.Problem($"Run {id} does not exist.", statusCode: StatusCodes.Status404NotFound);
        }
        catch (RunTransitionException refused)
        {
            return Results.Problem(refused.Message, statusCode: StatusCodes.Status409Conflict);
        }
    }
}
