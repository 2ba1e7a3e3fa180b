using LabPortal.Portal.Services.Runs;
using LabPortal.Portal.Services;

namespace LabPortal.Portal.Scheduling;

/// <summary>Looks for expired leases a few times per lease length, and gives held runs a fresh lease at start.</summary>
public sealed class LeaseMonitor(RunLeases leases, SchedulerSignal scheduler, ILogger<LeaseMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        leases.RenewAllAfterStart();
        var interval = TimeSpan.FromSeconds(Math.Clamp(leases.Length.TotalSeconds / 4, 0.25, 5));
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                if (leases.ExpireDue() > 0)
                {
                    scheduler.Wake();
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "The lease check failed; it will try again.");
            }
        }
    }
}
