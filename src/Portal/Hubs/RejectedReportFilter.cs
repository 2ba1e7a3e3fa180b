using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Hubs;
using Microsoft.AspNetCore.SignalR;

namespace LabPortal.Portal.Hubs;

/// <summary>
/// Turns a refused agent report into a HubException, so the agent sees the reason (not a generic error), and any other
/// failure into a retryable one (<see cref="HubErrors"/>).
/// </summary>
public sealed class RejectedReportFilter(LabDatabase db, ILogger<RejectedReportFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (AgentReportRejectedException rejected)
        {
            logger.LogWarning("Refused {Method} from an agent: {Reason}", invocationContext.HubMethodName, rejected.Message);
            throw new HubException(rejected.Message);
        }
        catch (Exception failure) when (failure is not HubException)
        {
            // Not the agent's fault (storage, a bug): say so, so it sends the report again rather than failing a run
            // it trained to the end. The details stay in the portal's log. A storage failure (a full disk) makes the
            // next use of the database check it and open it again, so the report sent again can be stored.
            db.NoteFailure(failure);
            logger.LogError(failure, "{Method} from an agent failed in the portal", invocationContext.HubMethodName);
            throw new HubException($"{HubErrors.RetryablePrefix}the portal could not handle {invocationContext.HubMethodName} ({failure.GetType().Name}); send it again.");
        }
    }
}
