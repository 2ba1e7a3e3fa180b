using LabPortal.Portal.Services;
using Microsoft.AspNetCore.SignalR;

namespace LabPortal.Portal.Hubs;

/// <summary>Turns a refused agent report into a HubException, so the agent sees the reason (not a generic error).</summary>
public sealed class RejectedReportFilter(ILogger<RejectedReportFilter> logger) : IHubFilter
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
    }
}
