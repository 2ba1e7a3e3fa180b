namespace LabPortal.Portal.Components.Shared;

/// <summary>Memory sizes as people read them.</summary>
public static class ByteSize
{
    private const double GiB = 1024.0 * 1024 * 1024;

    /// <summary>"16 GiB"; empty for an unknown (zero) size.</summary>
    public static string Format(long bytes) => bytes <= 0 ? "" : $"{bytes / GiB:0.#} GiB";

    public static long FromGiB(double gib) => (long)Math.Round(gib * GiB);

    public static double ToGiB(long bytes) => bytes / GiB;
}
