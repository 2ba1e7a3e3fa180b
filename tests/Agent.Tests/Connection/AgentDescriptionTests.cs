using LabPortal.Agent.Connection;
using TorchSharp;

namespace LabPortal.Agent.Tests.Connection;

public sealed class AgentDescriptionTests
{
    [Fact]
    public void The_registration_names_the_device_and_the_library_versions()
    {
        var registration = AgentDescription.Create("agent-1", torch.CPU, threads: 2, currentRunId: null, models: []);

        Assert.Equal(("agent-1", "cpu", 2), (registration.AgentId, registration.Device, registration.CpuThreads));
        Assert.Equal("2.10.0", registration.Versions["libtorch"]);
        Assert.StartsWith("0.107", registration.Versions["TorchSharp"]);
        Assert.True(registration.MemoryBytes > 0);
    }
}
