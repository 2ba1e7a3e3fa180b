using LabPortal.Shared.Experiments;

namespace LabPortal.Shared.Validation;

/// <summary>What the validator may ask about dataset files where it runs (portal or agent).</summary>
public interface IDatasetFiles
{
    /// <summary>Whether the file exists at this path (as the spec names it).</summary>
    bool Exists(string path);

    /// <summary>How many examples the file holds (data rows, without the header the dataset's layout has).</summary>
    int CountExamples(string path, DatasetSpec dataset);

    /// <summary>Why this path may not be used where the validator runs (for example outside the data root), or null.</summary>
    string? RefusePath(string path) => null;
}
