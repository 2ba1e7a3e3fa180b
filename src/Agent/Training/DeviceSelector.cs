using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>Turns a device setting into a torch device: "auto" (CUDA when available, else CPU), "cpu", "cuda" or "cuda:N".</summary>
public static class DeviceSelector
{
    public const string Auto = "auto";

    public static Device Resolve(string? setting)
    {
        var name = string.IsNullOrWhiteSpace(setting) ? Auto : setting.Trim().ToLowerInvariant();
        if (name == Auto)
        {
            return cuda.is_available() ? CUDA : CPU;
        }

        if (name.StartsWith("cuda", StringComparison.Ordinal) && !cuda.is_available())
        {
            throw new InvalidOperationException($"Device '{name}' was asked for, but CUDA is not available on this machine (use 'cpu' or 'auto').");
        }

        return new Device(name);
    }
}
