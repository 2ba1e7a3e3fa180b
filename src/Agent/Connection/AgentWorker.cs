using LabPortal.Agent.Playground;
using LabPortal.Agent.Runs;
using LabPortal.Shared;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LabPortal.Agent.Connection;

/// <summary>
/// Keeps the agent connected to the portal: connects (retrying until the portal answers), registers,
/// re-registers after every reconnect, sends heartbeats, and hands assignments to the <see cref="RunExecutor"/>.
/// </summary>
public sealed class AgentWorker(AgentOptions options, AgentContext context, ILogger<AgentWorker> logger) : BackgroundService
{
    private static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(10);

    /// <summary>How long a stopping agent waits for its run to reach a step boundary and be handed back.</summary>
    public static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(60);
    private readonly RetryForeverPolicy _retry = new();
    private readonly RegistrationGate _registration = new();
    private TimeSpan _heartbeat = DefaultHeartbeat;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(options.HubUrl, http => http.AccessTokenProvider = () => Task.FromResult<string?>(options.Token))
            .AddJsonProtocol(json => json.PayloadSerializerOptions = LabJson.Options) // the project's one JSON shape, as the hub's
            .WithAutomaticReconnect(_retry)
            .Build();

        using var uploader = new ArtifactUploader(options.Portal, options.Token, context.AgentId);
        using var downloader = new ArtifactDownloader(options.Portal, options.Token);
        // Reports outlive the stop signal: the last outcome (the run handed back) must still reach the portal.
        using var reportsGiveUp = new CancellationTokenSource();
        var executor = new RunExecutor(context.AgentId, context.DataRoot, context.Device, context.Train,
            new HubRunReporter(connection, _registration, uploader, downloader, reportsGiveUp.Token), logger);

        // Handlers return at once: training runs on the executor's own task.
        connection.On<RunAssignment>(nameof(IAgentClient.AssignRunAsync), assignment => executor.Assign(assignment));
        connection.On<int>(nameof(IAgentClient.CancelRunAsync), runId => executor.Cancel(runId));

        // A client result: the portal waits for the score (or the error, whose message it shows).
        using var scorer = new PairScorer(context.AgentId, context.Catalogue, context.Device, downloader);
        connection.On<ScoreRequest, PairScore>(nameof(IAgentClient.ScorePairAsync), request => scorer.ScoreAsync(request, stoppingToken));
        connection.Reconnecting += error =>
        {
            _registration.ConnectionLost();
            logger.LogWarning("Lost the portal ({Message}); reconnecting", error?.Message ?? "closed");
            return Task.CompletedTask;
        };
        connection.Reconnected += _ => RegisterAsync(connection, executor, stoppingToken);
        connection.Closed += _ =>
        {
            _registration.ConnectionLost();
            return Task.CompletedTask;
        };

        logger.LogInformation("Agent {AgentId} on {Device}, data root {DataRoot}", context.AgentId, context.Device, context.DataRoot.Root);
        await StartAsync(connection, stoppingToken);
        await RegisterAsync(connection, executor, stoppingToken);

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_heartbeat, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (connection.State == HubConnectionState.Connected && !_registration.IsRegistered)
            {
                await RegisterAsync(connection, executor, stoppingToken); // the last attempt failed: try again
            }
            else if (connection.State == HubConnectionState.Connected)
            {
                // Names the attempt this agent holds, also while it reports the outcome: the portal queues again what
                // it gave this agent and is not named, and stops what is named but no longer this agent's.
                var current = executor.Current;
                await TryAsync("heartbeat", () => connection.InvokeAsync(nameof(IAgentHub.HeartbeatAsync),
                    new AgentHeartbeat(context.AgentId, current?.RunId, current?.Attempt), stoppingToken));
            }
            else if (connection.State == HubConnectionState.Disconnected)
            {
                // Automatic reconnect never gives up, but a connection closed by the server starts over here.
                await StartAsync(connection, stoppingToken);
                await RegisterAsync(connection, executor, stoppingToken);
            }
        }

        await LeaveAsync(connection, executor, reportsGiveUp);
    }

    /// <summary>Graceful stop: the run ends at a step boundary and goes back to the queue, then the connection closes.</summary>
    private async Task LeaveAsync(HubConnection connection, RunExecutor executor, CancellationTokenSource reportsGiveUp)
    {
        executor.StopForShutdown();
        try
        {
            await executor.Running.WaitAsync(ShutdownGrace);
        }
        catch (TimeoutException)
        {
            logger.LogWarning("The run did not stop within {Seconds} s; leaving without handing it back", ShutdownGrace.TotalSeconds);
        }

        reportsGiveUp.Cancel();
        await connection.StopAsync();
        logger.LogInformation("Left the portal");
    }

    /// <summary>The first start is not retried by SignalR's automatic reconnect, so retry it here with the same backoff.</summary>
    private async Task StartAsync(HubConnection connection, CancellationToken stoppingToken)
    {
        for (var failures = 0L; !stoppingToken.IsCancellationRequested; failures++)
        {
            try
            {
                await connection.StartAsync(stoppingToken);
                logger.LogInformation("Connected to {HubUrl}", options.HubUrl);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                var delay = _retry.Delay(failures + 1);
                logger.LogWarning("Cannot reach the portal at {HubUrl} ({Message}); retrying in {Seconds:0} s",
                    options.HubUrl, exception.Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task RegisterAsync(HubConnection connection, RunExecutor executor, CancellationToken stoppingToken)
    {
        if (connection.State != HubConnectionState.Connected)
        {
            return;
        }

        var registration = AgentDescription.Create(context.AgentId, context.Device, context.Gpu, options.Threads, executor.Current?.RunId, context.Models);
        await TryAsync("registration", async () =>
        {
            var answer = await connection.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), registration, stoppingToken);
            _heartbeat = TimeSpan.FromSeconds(Math.Clamp(answer.HeartbeatSeconds, 1, 300));
            _registration.Registered();
            logger.LogInformation("Registered as {AgentId}; heartbeat every {Seconds} s", context.AgentId, _heartbeat.TotalSeconds);
        });
    }

    private async Task TryAsync(string what, Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("The {What} failed: {Message}", what, exception.Message);
            if (HubErrors.AsksToRegisterAgain(exception))
            {
                _registration.ConnectionLost(); // the next turn of the loop registers again
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
