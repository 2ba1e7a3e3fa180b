using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace LabPortal.Agent.Connection;

/// <summary>
/// A GPU as nvidia-smi describes it. libtorch tells whether CUDA works but not the card's name, memory or
/// driver, so the agent asks nvidia-smi, which the NVIDIA container runtime mounts beside the driver.
/// </summary>
public sealed partial record GpuDescription(string Name, long MemoryBytes, string DriverVersion, string? CudaVersion)
{
    /// <summary>The query whose one output line <see cref="Parse"/> reads.</summary>
    public const string QueryArguments = "--query-gpu=name,memory.total,driver_version --format=csv,noheader,nounits";

    /// <summary>GPU <paramref name="index"/> (as this process numbers them), or null when nvidia-smi is absent or fails.</summary>
    public static GpuDescription? Query(int index)
    {
        var visible = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES");
        // nvidia-smi numbers all GPUs; CUDA numbers only the visible ones.
        var physical = visible?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is { Length: > 0 } ids && index < ids.Length
            ? ids[index]
            : index.ToString(CultureInfo.InvariantCulture);
        var line = Run($"{QueryArguments} -i {physical}");
        return line is null ? null : Parse(line, CudaVersionIn(Run("") ?? ""));
    }

    /// <summary>Reads "NVIDIA A100-SXM4-40GB, 40960, 535.104.05" (memory in MiB).</summary>
    public static GpuDescription Parse(string csvLine, string? cudaVersion)
    {
        var parts = csvLine.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var mebibytes))
        {
            throw new FormatException($"nvidia-smi answered '{csvLine}', expected 'name, memory MiB, driver version'.");
        }

        return new GpuDescription(parts[0], mebibytes * 1024 * 1024, parts[2], cudaVersion);
    }

    /// <summary>The "CUDA Version: 12.4" that nvidia-smi's summary prints (the newest CUDA the driver supports).</summary>
    public static string? CudaVersionIn(string summary) => CudaVersionPattern().Match(summary) is { Success: true } match ? match.Groups[1].Value : null;

    private static string? Run(string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            return process.WaitForExit(10_000) && process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // not installed
        }
    }

    [GeneratedRegex(@"CUDA Version:\s*([0-9.]+)")]
    private static partial Regex CudaVersionPattern();
}
