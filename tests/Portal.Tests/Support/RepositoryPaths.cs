namespace LabPortal.Portal.Tests.Support;

/// <summary>Paths of the checkout the tests run in.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding LabPortal.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LabPortal.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"LabPortal.sln not found above {AppContext.BaseDirectory}.");
    }
}
