using System.Diagnostics;
using LabPortal.Portal.LocalAgents;

namespace LabPortal.Portal.Tests.Support;

/// <summary>A real agent process started by the test (not by the portal), so the test can signal or kill it.</summary>
public sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output = new();

    private AgentProcess(Process process) => _process = process;

    /// <summary>Everything the agent printed, for failure messages.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static AgentProcess Start(Uri portal, string agentId)
    {
        var agentDll = AgentExecutableLocator.Find("", AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("LabPortal.Agent.dll was not found: build src/Agent.");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { agentDll, "--portal", portal.ToString(), "--agent-id", agentId, "--data-root", RepositoryPaths.Root, "--threads", "1" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LABPORTAL_AGENT_TOKEN"] = PortalFactory.TestToken;
        start.Environment["OMP_WAIT_POLICY"] = "PASSIVE";
        var agent = new AgentProcess(Process.Start(start)!);
        // Read the pipes continuously so a chatty agent never blocks on a full buffer.
        agent._process.OutputDataReceived += (_, e) => agent.Keep(e.Data);
        agent._process.ErrorDataReceived += (_, e) => agent.Keep(e.Data);
        agent._process.BeginOutputReadLine();
        agent._process.BeginErrorReadLine();
        return agent;
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }

    /// <summary>SIGKILL: the agent gets no chance to say anything, as when its machine dies.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Sends SIGTERM, as `docker stop` and systemd do.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", Id.ToString()])!.WaitForExit();

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
