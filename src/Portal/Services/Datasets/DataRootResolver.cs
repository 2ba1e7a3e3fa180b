namespace LabPortal.Portal.Services.Datasets;

/// <summary>Finds the folder that relative dataset and database paths resolve against.</summary>
public static class DataRootResolver
{
    public static string Resolve(string configured, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured, contentRoot);
        }

        // Running from a checkout (dotnet run --project src/Portal): paths in examples/ are relative to its root.
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LabPortal.sln")))
            {
                return dir.FullName;
            }
        }

        return contentRoot;
    }
}
