using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;

namespace LabPortal.Agent.Data;

/// <summary>
/// Dataset paths as specs name them, resolved against the agent's data root exactly as the portal resolves
/// them against its own (relative paths, ".." included, from the root; absolute paths as they are), so a spec
/// the portal accepted means the same files here.
/// </summary>
public sealed class DataRoot(string root) : IDatasetFiles
{
    public string Root { get; } = Path.GetFullPath(root);

    /// <summary>The full path of a spec path, or null for an empty one.</summary>
    public string? Resolve(string path) => string.IsNullOrWhiteSpace(path) ? null : Path.GetFullPath(path, Root);

    public bool Exists(string path) => Resolve(path) is { } full && File.Exists(full);

    public int CountExamples(string path, DatasetSpec dataset) =>
        Resolve(path) is { } full ? PairFileReader.CountRows(full, dataset) : 0;
}
