using LabPortal.Agent.Connection;
using TorchSharp;

namespace LabPortal.Agent.Tests.Connection;

public sealed class AgentDescriptionTests
{
    [Fact]
    public void The_registration_names_the_device_and_the_library_versions()
    {
        var registration = AgentDescription.Create("agent-1", torch.CPU, gpu: null, threads: 2, currentRunId: null, models: []);

        Assert.Equal(("agent-1", "cpu", 2), (registration.AgentId, registration.Device, registration.CpuThreads));
        Assert.Equal("2.10.0", registration.Versions["libtorch"]);
        Assert.StartsWith("0.107", registration.Versions["TorchSharp"]);
        Assert.True(registration.MemoryBytes > 0);
    }

    [Fact]
    public void On_a_gpu_the_registration_carries_the_cards_name_memory_driver_and_cuda_version()
    {
        var gpu = GpuDescription.Parse("NVIDIA A100-SXM4-40GB, 40960, 535.104.05", "12.2");

        var registration = AgentDescription.Create("gpu-0", torch.CPU, gpu, threads: 8, currentRunId: null, models: []);

        Assert.Equal("NVIDIA A100-SXM4-40GB", registration.DeviceName);
        Assert.Equal(40960L * 1024 * 1024, registration.MemoryBytes);
        Assert.Equal("535.104.05", registration.Versions["NVIDIA driver"]);
        Assert.Equal("12.2", registration.Versions["CUDA (driver)"]);
    }

    [Fact]
    public void The_cuda_version_is_read_from_the_nvidia_smi_summary_and_a_bad_query_line_is_named()
    {
        const string header = "| NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2     |";

        Assert.Equal("12.2", GpuDescription.CudaVersionIn(header));
        Assert.Null(GpuDescription.CudaVersionIn("no GPU here"));
        var error = Assert.Throws<FormatException>(() => GpuDescription.Parse("NVIDIA T4, lots, 535", null));
        Assert.Contains("'NVIDIA T4, lots, 535'", error.Message);
    }
}
