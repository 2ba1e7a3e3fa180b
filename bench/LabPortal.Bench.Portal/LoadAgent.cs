using System.Diagnostics;
using LabPortal.Shared;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Models;
using LabPortal.Shared.Runs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace LabPortal.Bench.Portal;

/// <summary>
/// A SignalR agent client as the real agent makes it (WebSockets, the agent token, LabJson), that registers, waits for
/// its run and then sends one progress report per call at a fixed rate, awaiting each call as HubRunReporter does.
/// </summary>
public sealed class LoadAgent(Uri portal, string agentId) : IAsyncDisposable
{
    private readonly TaskCompletionSource<RunAssignment> _assigned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HubConnection? _connection;

    public string AgentId => agentId;

    public int Sent { get; private set; }

    public int Failed { get; private set; }

    public Task<RunAssignment> Assigned => _assigned.Task;

    public async Task ConnectAsync()
    {
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(portal, AgentHubRoutes.Path), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
                o.AccessTokenProvider = () => Task.FromResult<string?>(HarnessPortal.AgentToken);
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions = LabJson.Options)
            .Build();
        _connection.On<RunAssignment>(nameof(IAgentClient.AssignRunAsync), assignment => _assigned.TrySetResult(assignment));
        _connection.On<int>(nameof(IAgentClient.CancelRunAsync), _ => { });
        await _connection.StartAsync();
        await _connection.InvokeAsync<AgentRegistered>(nameof(IAgentHub.RegisterAsync), new AgentRegistration
        {
            AgentId = agentId,
            Machine = "bench",
            CpuThreads = 2,
            MemoryBytes = 8L << 30,
            Models = [new ModelInfo("tiny", "bench", 1, 128, 2)],
        });
    }

    /// <summary>Reports at <paramref name="perSecond"/> for <paramref name="duration"/>; <paramref name="sending"/> records each report's send time.</summary>
    public async Task ReportAsync(int perSecond, TimeSpan duration, Action<int, long, long> sending)
    {
        var assignment = await Assigned;
        var total = (int)(perSecond * duration.TotalSeconds);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / perSecond));
        var heartbeat = Stopwatch.StartNew();
        for (var sequence = 1; sequence <= total; sequence++) // sequences start at 1
        {
            await timer.WaitForNextTickAsync();
            if (heartbeat.Elapsed > TimeSpan.FromSeconds(2))
            {
                heartbeat.Restart();
                await _connection!.InvokeAsync(nameof(IAgentHub.HeartbeatAsync), new AgentHeartbeat(agentId, assignment.RunId, assignment.Attempt));
            }

            var report = new ProgressReport
            {
                Sequence = sequence,
                Time = DateTimeOffset.UtcNow,
                Kind = ProgressKind.Train,
                Step = sequence,
                TotalSteps = total,
                Epoch = (double)sequence / total,
                Loss = 0.7 - (0.3 * sequence / total),
                LearningRate = 5e-4,
                ExamplesPerSecond = 80,
            };
            sending(assignment.RunId, sequence, Stopwatch.GetTimestamp());
            try
            {
                await _connection!.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(agentId, assignment.RunId, assignment.Attempt, [report]));
                Sent++;
            }
            catch (Exception exception) when (exception is HubException or InvalidOperationException)
            {
                Failed++;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }
}
