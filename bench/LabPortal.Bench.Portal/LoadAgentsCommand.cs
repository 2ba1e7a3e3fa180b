using System.Diagnostics;
using System.Text.Json;
using LabPortal.Bench;

namespace LabPortal.Bench.Portal;

/// <summary>
/// <c>hub-agents</c>: the client side of <c>hub</c>, in its own process so the portal's CPU is measured alone. Connects
/// N agents to the portal on localhost, waits until each holds a run, prints <see cref="SendingLine"/>, sends, and ends
/// with one JSON line of what it sent.
/// </summary>
public static class LoadAgentsCommand
{
    public const string SendingLine = "SENDING";

    public const string SpreadDescription =
        "1: the agents' calls are spread evenly over one send period, as agents that started at different times send; " +
        "0: all agents call at the same instant every period (the worst case)";

    public static async Task<int> RunAsync(string[] args)
    {
        var (options, exitCode) = Options.Parse("hub-agents", "The simulated agents of `hub` (started by it).", args,
            ("port", 0, "The portal's port on 127.0.0.1"), ("agents", 200, "Simulated SignalR agents"),
            ("rate", 25, "Reports per second per agent"), ("seconds", 60, "How long to send"), ("batch", 1, "Reports per hub call"),
            ("spread", 0, SpreadDescription));
        if (options is null)
        {
            return exitCode;
        }

        var address = new Uri($"http://127.0.0.1:{options["port"]}");
        var agents = Enumerable.Range(0, options["agents"]).Select(i => new LoadAgent(address, $"bench-{i:000}")).ToList();
        foreach (var agent in agents)
        {
            await agent.ConnectAsync();
        }

        var assignments = Task.WhenAll(agents.Select(a => a.Assigned));
        if (await Task.WhenAny(assignments, Task.Delay(TimeSpan.FromSeconds(120))) != assignments)
        {
            throw new TimeoutException($"Only {agents.Count(a => a.Assigned.IsCompleted)} of {agents.Count} agents were given a run within 120 s.");
        }

        Console.WriteLine(SendingLine);
        var cpuBefore = Machine.CpuTime();
        var wall = Stopwatch.StartNew();
        var period = TimeSpan.FromSeconds((double)options["batch"] / options["rate"]);
        await Task.WhenAll(agents.Select((a, i) =>
            a.ReportAsync(options["rate"], TimeSpan.FromSeconds(options["seconds"]), options["batch"], options["spread"] == 0 ? TimeSpan.Zero : period * i / agents.Count)));
        var result = new
        {
            attempted = agents.Sum(a => a.Attempted), sent = agents.Sum(a => a.Sent), refused = agents.Sum(a => a.Failed),
            sendSeconds = wall.Elapsed.TotalSeconds, cpuCores = (Machine.CpuTime() - cpuBefore).TotalSeconds / wall.Elapsed.TotalSeconds,
        };
        foreach (var agent in agents)
        {
            await agent.DisposeAsync();
        }

        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }
}
