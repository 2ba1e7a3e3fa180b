using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Apis;

/// <summary>Health for people, load balancers and container health checks; open without a token.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        var health = app.MapGroup("/api/health").AllowAnonymous();

        health.MapGet("/", (AgentStore agents, RunStore runs) => Results.Ok(new
        {
            Status = "ok",
            AgentsOnline = agents.List().Count(a => a.IsOnline),
            RunsQueued = runs.CountInState(RunState.Queued),
        }));

        // Liveness: the process answers. Restarting it will not help with anything this cannot see.
        health.MapGet("/live", () => Results.Ok(new { Status = "live" }));

        // Readiness: the database answers a read; until then a proxy should send no one here. Anonymous callers get
        // no exception text (it names paths and internals); the log has it. A storage failure makes the next call
        // check the file and open it again (LabDatabase), so readiness comes back once the disk has space.
        health.MapGet("/ready", (RunStore runs, LabDatabase db, ILoggerFactory logs) =>
        {
            try
            {
                runs.CountInState(RunState.Queued);
                return Results.Ok(new { Status = "ready" });
            }
            catch (Exception exception)
            {
                db.NoteFailure(exception);
                logs.CreateLogger(nameof(HealthApi)).LogError(exception, "Readiness: the database cannot be read");
                return Results.Json(
                    new { Status = "not ready", Reason = "the database cannot be read; the portal's log has the error" },
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        return app;
    }
}
