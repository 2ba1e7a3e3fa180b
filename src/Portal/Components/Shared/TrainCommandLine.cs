namespace LabPortal.Portal.Components.Shared;

/// <summary>
/// The agent's <c>train</c> command that runs a spec without a portal, from the checkout. It reads the spec from a file
/// rather than spelling it as flags: warm-up, schedule and clipping have no flags, and the file keeps every field exact.
/// </summary>
public static class TrainCommandLine
{
    public const string SpecFile = "spec.json";

    public static string For(IReadOnlyList<int> seeds) =>
        $"dotnet run --project src/Agent -c Release -- train --spec {SpecFile} --seeds {string.Join(',', seeds)}";
}
