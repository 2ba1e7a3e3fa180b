using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LabPortal.Agent.Connection;

/// <summary>
/// With --parent-pid, stops the agent when that process is gone, so agents the portal starts stop with it.
/// Polls (the parent is not our child, so there is no exit signal to wait for) and compares start times,
/// so a recycled pid does not keep the agent alive.
/// </summary>
public sealed class ParentProcessWatcher(AgentOptions options, IHostApplicationLifetime lifetime, ILogger<ParentProcessWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.ParentPid is not { } pid)
        {
            return;
        }

        var started = StartTime(pid);
        while (!stoppingToken.IsCancellationRequested)
        {
            if (started is null || StartTime(pid) != started)
            {
                logger.LogInformation("Parent process {Pid} has exited; stopping", pid);
                lifetime.StopApplication();
                return;
            }

            try
            {
                await Task.Delay(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static DateTime? StartTime(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime;
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
