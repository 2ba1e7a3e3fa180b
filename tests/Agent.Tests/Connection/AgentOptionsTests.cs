using LabPortal.Agent.Connection;
using Microsoft.Extensions.Configuration;

namespace LabPortal.Agent.Tests.Connection;

public sealed class AgentOptionsTests
{
    [Fact]
    public void Command_line_switches_are_read_and_win_over_the_environment()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["TOKEN"] = "from-env", ["THREADS"] = "8" })
            .AddCommandLine(["--portal", "http://lab:5000/", "--token", "t", "--agent-id", "gpu-box-0", "--parent-pid", "42", "--threads", "2"], AgentOptions.SwitchMappings)
            .Build();

        var options = AgentOptions.Read(configuration);

        Assert.Equal(new Uri("http://lab:5000/hubs/agents"), options.HubUrl);
        Assert.Equal(("t", "gpu-box-0", 42, 2), (options.Token, options.AgentId, options.ParentPid, options.Threads));
    }

    [Fact]
    public void Help_names_every_switch_the_agent_reads_and_its_environment_variable()
    {
        foreach (var (option, key) in AgentOptions.SwitchMappings)
        {
            Assert.Contains(option + " ", AgentOptions.Usage);
            Assert.Contains("_" + key.ToUpperInvariant(), AgentOptions.Usage);
        }
    }

    [Fact]
    public void Missing_or_malformed_options_are_all_named()
    {
        var configuration = new ConfigurationBuilder().AddCommandLine(["--portal", "lab", "--threads", "two"], AgentOptions.SwitchMappings).Build();

        var error = Assert.Throws<ArgumentException>(() => AgentOptions.Read(configuration));

        Assert.Contains("--portal must be an http(s) URL", error.Message);
        Assert.Contains("--token is required", error.Message);
        Assert.Contains("--threads must be a whole number", error.Message);
    }

    [Fact]
    public void The_stored_agent_id_stays_the_same_across_restarts()
    {
        using var temp = new TempDirectory();

        var first = AgentIdentity.Resolve(null, "cuda:1", temp.Path);
        var second = AgentIdentity.Resolve(null, "cuda:1", temp.Path);

        Assert.Equal(first, second);
        Assert.Contains("cuda-1", first);
        Assert.NotEqual(first, AgentIdentity.Resolve(null, "cuda:0", temp.Path));
        Assert.Equal("given", AgentIdentity.Resolve("given", "cpu", temp.Path));
    }

    [Fact]
    public void Reconnect_delays_grow_and_stay_capped()
    {
        var policy = new RetryForeverPolicy();

        Assert.Equal([0, 1, 2, 4, 8, 16, 30, 30], Enumerable.Range(0, 8).Select(n => policy.Delay(n).TotalSeconds));
        Assert.Equal(30, policy.Delay(10_000).TotalSeconds);
    }
}
