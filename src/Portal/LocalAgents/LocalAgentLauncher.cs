using System.Diagnostics;
using LabPortal.Portal.Accounts;
using LabPortal.Portal.Services.Datasets;
using LabPortal.Portal.Services;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace LabPortal.Portal.LocalAgents;

/// <summary>
/// Starts the configured number of agent processes on this machine once the portal listens, and stops them
/// with it. Each agent also watches the portal's process id, so it exits even if the portal is killed.
/// </summary>
public sealed class LocalAgentLauncher(
    IOptions<LabOptions> options, AgentTokens tokens, DataRoot dataRoot, IServer server,
    IHostApplicationLifetime lifetime, ILogger<LocalAgentLauncher> logger) : IHostedService
{
    private readonly List<Process> _agents = [];
    private readonly Lock _gate = new();
    private bool _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.LocalAgents > 0)
        {
            lifetime.ApplicationStarted.Register(StartAgents);
            // Before the server stops: a connected agent would otherwise hold the shutdown until its timeout.
            lifetime.ApplicationStopping.Register(StopAgents);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        StopAgents();
        return Task.CompletedTask;
    }

    private void StopAgents()
    {
        lock (_gate)
        {
            _stopping = true;
            foreach (var agent in _agents.Where(a => !a.HasExited))
            {
                agent.Kill(entireProcessTree: true);
            }

            _agents.Clear();
        }
    }

    private void StartAgents()
    {
        var agentPath = AgentExecutableLocator.Find(options.Value.LocalAgentPath, AppContext.BaseDirectory);
        if (agentPath is null)
        {
            logger.LogError("No local agent started: LabPortal.Agent.dll was not found (build src/Agent or set Lab:LocalAgentPath).");
            return;
        }

        var portalUrl = PortalUrl();
        for (var i = 1; i <= options.Value.LocalAgents; i++)
        {
            var agentId = $"local-{Environment.MachineName}-{i}".ToLowerInvariant();
            lock (_gate)
            {
                if (_stopping)
                {
                    return;
                }

                _agents.Add(Start(agentPath, portalUrl, agentId));
            }

            logger.LogInformation("Started local agent {AgentId} ({Path}).", agentId, agentPath);
        }
    }

    private Process Start(string agentPath, string portalUrl, string agentId)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     agentPath, "--portal", portalUrl, "--agent-id", agentId, "--data-root", dataRoot.Path,
                     "--parent-pid", Environment.ProcessId.ToString(),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var extra in options.Value.LocalAgentArguments.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            start.ArgumentList.Add(extra);
        }

        // The token goes by environment, not the command line, so it does not show in process listings.
        start.Environment["LABPORTAL_AGENT_TOKEN"] = tokens.Token;
        // A local agent shares its cores with the portal: libtorch's OpenMP threads should sleep, not spin, while they
        // wait (spinning made training steps 5–8× slower on a busy 2-core machine). Kept if already set.
        start.Environment.TryAdd("OMP_WAIT_POLICY", "PASSIVE");

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {agentPath}.");
        process.OutputDataReceived += (_, e) => Forward(agentId, e.Data, LogLevel.Information);
        process.ErrorDataReceived += (_, e) => Forward(agentId, e.Data, LogLevel.Warning);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Forward(string agentId, string? line, LogLevel level)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            logger.Log(level, "[{AgentId}] {Line}", agentId, line);
        }
    }

    /// <summary>An address the local agents can reach: the first http address, wildcard hosts made loopback.</summary>
    private string PortalUrl()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var address = addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? addresses.FirstOrDefault()
            ?? "http://127.0.0.1:5000";
        var uri = new UriBuilder(address.Replace("://+", "://localhost").Replace("://*", "://localhost"));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "127.0.0.1";
        }

        return uri.Uri.ToString().TrimEnd('/');
    }
}
