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
/// its run and then sends progress reports at a fixed rate, a batch per call, awaiting each call as HubRunReporter does.
/// </summary>
public sealed class LoadAgent(Uri portal, string agentId) : IAsyncDisposable
{
    private readonly TaskCompletionSource<RunAssignment> _assigned = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HubConnection? _connection;

    public string AgentId => agentId;

    /// <summary>Reports sent, whether or not the portal took them (each carries its send time in <c>Time</c>).</summary>
    public int Attempted { get; private set; }

    /// <summary>Reports in calls the portal acknowledged.</summary>
    public int Sent { get; private set; }

    /// <summary>Reports in calls the portal refused.</summary>
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

    /// <summary>
    /// Reports at <paramref name="perSecond"/> for <paramref name="duration"/>, <paramref name="batch"/> reports per call
    /// (a call every batch ÷ rate seconds), the first call <paramref name="offset"/> after the start; each report's
    /// <c>Time</c> is its send time, which the page side reads.
    /// </summary>
    public async Task ReportAsync(int perSecond, TimeSpan duration, int batch, TimeSpan offset)
    {
        var assignment = await Assigned;
        await Task.Delay(offset);
        var total = (int)(perSecond * duration.TotalSeconds);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds((double)batch / perSecond));
        var heartbeat = Stopwatch.StartNew();
        for (var first = 1; first <= total; first += batch) // sequences start at 1
        {
            await timer.WaitForNextTickAsync();
            if (heartbeat.Elapsed > TimeSpan.FromSeconds(2))
            {
                heartbeat.Restart();
                await _connection!.InvokeAsync(nameof(IAgentHub.HeartbeatAsync), new AgentHeartbeat(agentId, assignment.RunId, assignment.Attempt));
            }

            var now = DateTimeOffset.UtcNow;
            var reports = Enumerable.Range(first, Math.Min(batch, total - first + 1)).Select(sequence => new ProgressReport
            {
                Sequence = sequence,
                Time = now,
                Kind = ProgressKind.Train,
                Step = sequence,
                TotalSteps = total,
                Epoch = (double)sequence / total,
                Loss = 0.7 - (0.3 * sequence / total),
                LearningRate = 5e-4,
                ExamplesPerSecond = 80,
            }).ToList();
            Attempted += reports.Count;
            try
            {
                await _connection!.InvokeAsync(nameof(IAgentHub.ReportProgressAsync), new ProgressBatch(agentId, assignment.RunId, assignment.Attempt, reports));
                Sent += reports.Count;
            }
            catch (Exception exception) when (exception is HubException or InvalidOperationException)
            {
                Failed += reports.Count;
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
