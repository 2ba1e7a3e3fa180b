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
    private readonly RetryForeverPolicy _retry = new();
    private TimeSpan _heartbeat = DefaultHeartbeat;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var connection = new HubConnectionBuilder()
            .WithUrl(options.HubUrl, http => http.AccessTokenProvider = () => Task.FromResult<string?>(options.Token))
            .AddJsonProtocol(json => json.PayloadSerializerOptions = LabJson.Options) // the project's one JSON shape, as the hub's
            .WithAutomaticReconnect(_retry)
            .Build();

        using var uploader = new ArtifactUploader(options.Portal, options.Token, context.AgentId);
        var executor = new RunExecutor(context.AgentId, context.DataRoot, context.Device, context.Train,
            new HubRunReporter(connection, uploader, stoppingToken), logger);

        // Handlers return at once: training runs on the executor's own task.
        connection.On<RunAssignment>(nameof(IAgentClient.AssignRunAsync), assignment => executor.Assign(assignment));
        connection.On<int>(nameof(IAgentClient.CancelRunAsync), runId => executor.Cancel(runId));

        // A client result: the portal waits for the score (or the error, whose message it shows).
        using var downloader = new ArtifactDownloader(options.Portal, options.Token);
        using var scorer = new PairScorer(context.AgentId, context.Catalogue, context.Device, downloader);
        connection.On<ScoreRequest, PairScore>(nameof(IAgentClient.ScorePairAsync), request => scorer.ScoreAsync(request, stoppingToken));
        connection.Reconnecting += error =>
        {
            logger.LogWarning("Lost the portal ({Message}); reconnecting", error?.Message ?? "closed");
            return Task.CompletedTask;
        };
        connection.Reconnected += _ => RegisterAsync(connection, executor, stoppingToken);

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

            if (connection.State == HubConnectionState.Connected)
            {
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

        if (executor.Current is { } active)
        {
            executor.Cancel(active.RunId);
        }
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

        var registration = AgentDescription.Create(context.AgentId, context.Device, options.Threads, executor.Current?.RunId, context.Models);
        await TryAsync("registration", async () =>
        {
            var answer = await connection.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), registration, stoppingToken);
            _heartbeat = TimeSpan.FromSeconds(Math.Clamp(answer.HeartbeatSeconds, 1, 300));
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
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
