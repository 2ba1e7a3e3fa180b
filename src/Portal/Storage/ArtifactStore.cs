using LiteDB;

namespace LabPortal.Portal.Storage;

/// <summary>Run files (adapter, predictions, metrics) in the LiteDB file's own file storage, one id per run and name.</summary>
public sealed class ArtifactStore(LabDatabase db)
{
    /// <summary>
    /// Stores (or replaces) a run's file in one transaction: LiteDB deletes the old chunks before writing the new, so
    /// without it a failure half way (a broken stream, a full disk) would lose the previous file too.
    /// </summary>
    public void Save(int runId, string name, Stream content) => db.InTransaction(() => db.Files.Upload(IdOf(runId, name), name, content));

    public IReadOnlyList<ArtifactInfo> List(int runId) =>
        db.Files.Find(Query.StartsWith("_id", $"run/{runId}/"))
            .Select(f => new ArtifactInfo(f.Filename, f.Length, f.UploadDate.ToUniversalTime()))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>Removes a run's file; false if it had none.</summary>
    public bool Delete(int runId, string name) => db.Files.Delete(IdOf(runId, name));

    public bool Exists(int runId, string name) => db.Files.Exists(IdOf(runId, name));

    /// <summary>The file's content, or null if the run has no such file.</summary>
    public Stream? Open(int runId, string name) => db.Files.Exists(IdOf(runId, name)) ? db.Files.OpenRead(IdOf(runId, name)) : null;

    private static string IdOf(int runId, string name) => $"run/{runId}/{name}";
}
