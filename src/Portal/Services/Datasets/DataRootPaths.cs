namespace LabPortal.Portal.Services.Datasets;

/// <summary>
/// Keeps registered paths inside the data root: agents resolve them against their own data root, so a path that
/// climbs out ("..") or points elsewhere (absolute) would name a different file on every machine, or one nobody meant to share.
/// </summary>
public static class DataRootPaths
{
    /// <summary>The path relative to <paramref name="root"/> with forward slashes, or why it is refused.</summary>
    public static (string? Relative, string? Error) Inside(string root, string path)
    {
        var trimmed = path.Trim();
        if (trimmed.Length == 0)
        {
            return (null, "Give a path relative to the data root.");
        }

        if (trimmed.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return (null, $"'{trimmed}' has characters a path may not hold.");
        }

        if (trimmed.Split('/', '\\').Any(segment => segment == ".."))
        {
            return (null, $"'{trimmed}' climbs out with '..'; give a path inside the data root.");
        }

        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var prefix = Path.EndsInDirectorySeparator(fullRoot) ? fullRoot : fullRoot + Path.DirectorySeparatorChar; // "/" stays "/"
        var full = Path.GetFullPath(trimmed, fullRoot);
        if (!full.StartsWith(prefix, StringComparison.Ordinal) || full.Length == prefix.Length)
        {
            return (null, $"'{trimmed}' is outside the data root ({fullRoot}); give a path inside it.");
        }

        return (Path.GetRelativePath(fullRoot, full).Replace('\\', '/'), null);
    }
}
