namespace LabPortal.Agent.Tests;

/// <summary>Where test inputs live: the repository root and the shared real data next to it (../shared/data).</summary>
internal static class TestPaths
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string SharedData => Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));

    public static string QqpTrain => Path.Combine(SharedData, "qqp", "train.tsv");

    public static string QqpDev => Path.Combine(SharedData, "qqp", "dev.tsv");

    public static string MrpcTrain => Path.Combine(SharedData, "mrpc", "train.tsv");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LabPortal.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LabPortal.sln above {AppContext.BaseDirectory}.");
    }
}
