using System.Diagnostics;
using System.Globalization;

namespace LabPortal.Agent.Commands;

/// <summary>What the timing commands (<c>check-model</c>, <c>score</c>) measure with: wall time and the machine's load.</summary>
public static class Timing
{
    /// <summary>The 1-minute load average (Linux), so a timing taken on a busy machine can be told apart; null elsewhere.</summary>
    public static double? LoadAverage()
    {
        const string path = "/proc/loadavg";
        return File.Exists(path) && double.TryParse(File.ReadAllText(path).Split(' ')[0], CultureInfo.InvariantCulture, out var load)
            ? load
            : null;
    }

    public static (T Result, double Seconds) Timed<T>(Func<T> action)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = action();
        return (result, stopwatch.Elapsed.TotalSeconds);
    }
}
