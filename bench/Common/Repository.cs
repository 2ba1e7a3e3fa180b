namespace LabPortal.Bench;

/// <summary>The repository root: the first folder above the working folder or the program that holds LabPortal.sln.</summary>
public static class Repository
{
    public static string Root()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "LabPortal.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("Run from inside the repository (no LabPortal.sln above the working folder).");
    }
}
