using LabPortal.Shared.Validation;

namespace LabPortal.Portal.Services;

/// <summary>Lets the validator check dataset files as the portal's machine sees them (relative to the data root).</summary>
public sealed class PortalDatasetFiles(DataRoot dataRoot) : IDatasetFiles
{
    public bool Exists(string path) => File.Exists(Resolve(path));

    /// <summary>Non-empty lines after the header; the agent's reader checks each row in depth.</summary>
    public int CountExamples(string path) =>
        File.ReadLines(Resolve(path)).Skip(1).Count(line => !string.IsNullOrWhiteSpace(line));

    private string Resolve(string path) => dataRoot.Resolve(path);
}
