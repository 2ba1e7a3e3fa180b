using System.Diagnostics;
using System.Globalization;

namespace LabPortal.Bench;

/// <summary>What the machine was doing around a measurement: load average, and this process's peak resident memory.</summary>
public static class Machine
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>VmHWM: the peak resident set size of this process since start or the last <see cref="ResetPeakResident"/>.</summary>
    public static long PeakResidentBytes() => StatusKilobytes("VmHWM:") * 1024;

    public static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public static long ResidentBytes() => StatusKilobytes("VmRSS:") * 1024;

    /// <summary>Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0), so each phase gets its own peak.</summary>
    public static void ResetPeakResident()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Not Linux, or not allowed: the peak then covers the whole process.
        }
    }

    private static long StatusKilobytes(string field)
    {
        if (!File.Exists("/proc/self/status"))
        {
            return 0;
        }

        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
