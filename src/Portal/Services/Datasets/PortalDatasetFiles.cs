using LabPortal.Portal.Services.Datasets;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;

namespace LabPortal.Portal.Services.Datasets;

/// <summary>Lets the validator check dataset files as the portal's machine sees them (relative to the data root).</summary>
public sealed class PortalDatasetFiles(DataRoot dataRoot) : IDatasetFiles
{
    public bool Exists(string path) => File.Exists(Resolve(path));

    /// <summary>Non-empty lines after the header, if the layout has one; the agent's reader checks each row in depth.</summary>
    public int CountExamples(string path, DatasetSpec dataset)
    {
        var lines = File.ReadLines(Resolve(path)).Count(line => !string.IsNullOrWhiteSpace(line));
        return DatasetFormats.HasHeaderRow(dataset, path) ? Math.Max(0, lines - 1) : lines;
    }

    /// <summary>Specs come from people and scripts: a path that climbs out of the data root or points elsewhere is refused.</summary>
    public string? RefusePath(string path) => DataRootPaths.Inside(dataRoot.Path, path).Error;

    private string Resolve(string path) => dataRoot.Resolve(path);
}
