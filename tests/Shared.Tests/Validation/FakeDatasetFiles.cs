using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;

namespace LabPortal.Shared.Tests.Validation;

/// <summary>Dataset files that exist only in memory: path → number of examples.</summary>
internal sealed class FakeDatasetFiles(IReadOnlyDictionary<string, int> examplesByPath) : IDatasetFiles
{
    public bool Exists(string path) => examplesByPath.ContainsKey(path);

    public int CountExamples(string path, DatasetSpec dataset) =>
        examplesByPath.TryGetValue(path, out var count)
            ? count
            : throw new InvalidOperationException($"The validator counted '{path}' without checking it exists.");
}
