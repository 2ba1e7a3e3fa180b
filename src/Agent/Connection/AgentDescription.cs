using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using LabPortal.Agent.Training;
using LabPortal.Shared.Hubs;
using LabPortal.Shared.Models;
using static TorchSharp.torch;

namespace LabPortal.Agent.Connection;

/// <summary>What the agent tells the portal about itself when it registers.</summary>
public static class AgentDescription
{
    /// <param name="gpu">The GPU when <paramref name="device"/> is CUDA and nvidia-smi could describe it.</param>
    public static AgentRegistration Create(
        string agentId, Device device, GpuDescription? gpu, int? threads, int? currentRunId, IReadOnlyList<ModelInfo> models) => new()
    {
        AgentId = agentId,
        Machine = Environment.MachineName,
        Device = device.ToString(),
        DeviceName = gpu?.Name ?? (device.type == TorchSharp.DeviceType.CUDA ? $"CUDA device {device.index}" : CpuName()),
        CpuThreads = threads ?? Environment.ProcessorCount,
        // The memory a run can fill, which the portal compares with each run's memory estimate. CUDA: the card's total
        // (nvidia-smi's memory.total; TorchSharp 0.107 has no torch.cuda.mem_get_info to ask libtorch). CPU: the .NET
        // runtime's TotalAvailableMemoryBytes, the machine's physical memory or the container's cgroup limit if lower.
        MemoryBytes = gpu?.MemoryBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        Versions = gpu is null ? Versions() : WithGpu(Versions(), gpu),
        Models = models,
        CurrentRunId = currentRunId,
    };

    private static Dictionary<string, string> WithGpu(Dictionary<string, string> versions, GpuDescription gpu)
    {
        versions["NVIDIA driver"] = gpu.DriverVersion;
        if (gpu.CudaVersion is { } cuda)
        {
            versions["CUDA (driver)"] = cuda;
        }

        return versions;
    }

    public static Dictionary<string, string> Versions() => new()
    {
        ["agent"] = typeof(AgentDescription).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
        [".NET"] = RuntimeInformation.FrameworkDescription,
        ["TorchSharp"] = typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "unknown",
        ["libtorch"] = LibTorchPackageVersion() ?? "unknown",
    };

    /// <summary>libtorch ships as a NuGet package; its version is the package's, read from the app's deps file ("libtorch-cpu-linux-x64/2.10.0").</summary>
    private static string? LibTorchPackageVersion()
    {
        // The host lists the deps files it loaded; the separator differs between hosts, so accept both.
        var depsFiles = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string ?? "").Split([';', Path.PathSeparator], StringSplitOptions.RemoveEmptyEntries);
        foreach (var path in depsFiles.Where(File.Exists))
        {
            using var deps = JsonDocument.Parse(File.ReadAllText(path));
            if (deps.RootElement.TryGetProperty("libraries", out var libraries))
            {
                var name = libraries.EnumerateObject().Select(l => l.Name).FirstOrDefault(n => n.StartsWith("libtorch", StringComparison.OrdinalIgnoreCase));
                if (name?.Split('/', 2) is [_, var version])
                {
                    return version;
                }
            }
        }

        return null;
    }

    private static string CpuName() => CpuInfo.Field("model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
}
