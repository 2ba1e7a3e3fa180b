using LabPortal.Portal.Tests.Support;

namespace LabPortal.EndToEnd.Tests;

/// <summary>
/// A fresh folder under the repository's data/ (the data root the test portal and its agent resolve spec paths
/// against), for files a browser test names in the form; removed with everything in it when disposed.
/// </summary>
public sealed class DataRootFolder(string prefix) : IDisposable
{
    /// <summary>The folder as a spec names it, relative to the data root.</summary>
    public string Relative { get; } = Path.Combine("data", $"{prefix}-{Guid.NewGuid():N}");

    /// <summary>A path inside the folder, on disk.</summary>
    public string Full(params string[] parts) => Path.Combine([RepositoryPaths.Root, Relative, .. parts]);

    public void Dispose()
    {
        if (Directory.Exists(Full()))
        {
            Directory.Delete(Full(), recursive: true);
        }
    }
}
