namespace LabPortal.Agent.Training;

/// <summary>One field of Linux's /proc/cpuinfo for the first CPU ("model name", "flags"); null where the file or field is missing.</summary>
public static class CpuInfo
{
    public static string? Field(string key)
    {
        const string path = "/proc/cpuinfo";
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Select(line => line.Split(':', 2))
            .FirstOrDefault(parts => parts.Length == 2 && parts[0].Trim() == key)?[1].Trim();
    }
}
