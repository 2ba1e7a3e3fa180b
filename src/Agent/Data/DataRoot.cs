using LabPortal.Shared.Validation;

namespace LabPortal.Agent.Data;

/// <summary>
/// Dataset paths as specs name them, resolved against the agent's data root. Paths that would leave the
/// root (absolute paths, "..") are treated as missing, so a spec cannot read arbitrary files.
/// </summary>
public sealed class DataRoot(string root) : IDatasetFiles
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The full path of a spec path, or null when it points outside the root.</summary>
    public string? Resolve(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || Path.IsPathRooted(path))
        {
            return null;
        }

        var full = Path.GetFullPath(Path.Combine(Root, path));
        var rootWithSeparator = Path.EndsInDirectorySeparator(Root) ? Root : Root + Path.DirectorySeparatorChar;
        return full.StartsWith(rootWithSeparator, StringComparison.Ordinal) ? full : null;
    }

    public bool Exists(string path) => Resolve(path) is { } full && File.Exists(full);

    public int CountExamples(string path) =>
        Resolve(path) is { } full ? PairFileReader.CountRows(full) : 0;
}
