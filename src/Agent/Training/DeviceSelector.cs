using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>Turns a device setting into a torch device: "auto" (CUDA when available, else CPU), "cpu", "cuda" or "cuda:N".</summary>
public static class DeviceSelector
{
    public const string Auto = "auto";

    public static Device Resolve(string? setting)
    {
        // Ask libtorch about CUDA only when the setting could use it (the CPU build answers "no" anyway).
        var available = cuda.is_available();
        return new Device(Choose(setting, available, available ? cuda.device_count() : 0));
    }

    /// <summary>The device name for <paramref name="setting"/> on a machine with <paramref name="cudaDevices"/> visible GPUs.</summary>
    public static string Choose(string? setting, bool cudaAvailable, int cudaDevices)
    {
        var name = string.IsNullOrWhiteSpace(setting) ? Auto : setting.Trim().ToLowerInvariant();
        if (name == Auto)
        {
            return cudaAvailable && cudaDevices > 0 ? "cuda:0" : "cpu";
        }

        if (name == "cpu")
        {
            return name;
        }

        if (name != "cuda" && !name.StartsWith("cuda:", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Device '{setting}' is not one of: auto, cpu, cuda, cuda:N.");
        }

        var index = 0;
        if (name.StartsWith("cuda:", StringComparison.Ordinal) && !int.TryParse(name["cuda:".Length..], out index) || index < 0)
        {
            throw new ArgumentException($"Device '{setting}': the GPU index after 'cuda:' must be a whole number from 0.");
        }

        if (!cudaAvailable)
        {
            throw new InvalidOperationException($"Device '{setting}' was asked for, but CUDA is not available on this machine (use 'cpu' or 'auto').");
        }

        if (index >= cudaDevices)
        {
            throw new InvalidOperationException(
                $"Device '{setting}': this process sees {cudaDevices} GPU(s) (cuda:0 to cuda:{cudaDevices - 1}). " +
                "With CUDA_VISIBLE_DEVICES=N each agent sees its one GPU as cuda:0.");
        }

        return $"cuda:{index}";
    }
}
