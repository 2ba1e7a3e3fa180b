namespace LabPortal.Portal.Components.Shared;

/// <summary>Memory sizes as people read them.</summary>
public static class ByteSize
{
    private const double GiB = 1024.0 * 1024 * 1024;

    /// <summary>"16 GiB"; empty for an unknown (zero) size.</summary>
    public static string Format(long bytes) => bytes <= 0 ? "" : $"{bytes / GiB:0.#} GiB";

    /// <summary>"640 MiB" below a gibibyte, "1.4 GiB" above: for estimates, which are often far below a GiB.</summary>
    public static string Approximate(long bytes) => bytes < GiB ? $"{bytes / (1024.0 * 1024):0} MiB" : $"{bytes / GiB:0.0} GiB";

    public static long FromGiB(double gib) => (long)Math.Round(gib * GiB);

    public static double ToGiB(long bytes) => bytes / GiB;
}
