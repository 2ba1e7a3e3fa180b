using System.Diagnostics;
using System.Globalization;

namespace LabPortal.Bench.Portal;

/// <summary>This process's CPU time, resident memory (and its peak) and the machine's load average.</summary>
public static class Machine
{
    public static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    public static long PeakResidentBytes() => StatusKilobytes("VmHWM:") * 1024;

    public static long ResidentBytes() => StatusKilobytes("VmRSS:") * 1024;

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static long StatusKilobytes(string field)
    {
        var line = File.Exists("/proc/self/status") ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal)) : null;
        return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
