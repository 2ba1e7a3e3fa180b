using System.Globalization;
using LabPortal.Shared.Runs;
using LiteDB;

namespace LabPortal.Portal.Storage;

/// <summary>
/// Run files (adapter, predictions, metrics, the resume checkpoint) in the LiteDB file's own file storage. Every attempt
/// writes under its own ids, <c>run/{run}/{attempt}/{name}</c>, so a stale attempt never overwrites the current one's
/// files. A run's files are its current attempt's: they switch with the attempt number, which changes in the same
/// transaction as the assignment. The checkpoint is the exception: a resumed attempt reads the newest one any earlier
/// attempt left.
/// </summary>
public sealed class ArtifactStore(LabDatabase db, RunStore runs)
{
    /// <summary>
    /// Stores (or replaces) a file of one attempt in one transaction: LiteDB deletes the old chunks before writing the
    /// new, so without it a failure half way (a broken stream, a full disk) would lose the previous file too.
    /// </summary>
    public void Save(int runId, int attempt, string name, Stream content) =>
        db.InTransaction(() => db.Files.Upload(IdOf(runId, attempt, name), name, content));

    /// <summary>The run's files: those of its current attempt.</summary>
    public IReadOnlyList<ArtifactInfo> List(int runId)
    {
        var attempt = runs.Get(runId)?.Attempt;
        return Stored(runId)
            .Where(f => f.Attempt == attempt)
            .Select(f => new ArtifactInfo(f.Info.Filename, f.Info.Length, f.Info.UploadDate.ToUniversalTime()))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
    }

    public bool Exists(int runId, string name) => Find(runId, name) is not null;

    /// <summary>The run's file (the checkpoint: the newest of any attempt so far), or null if it has none.</summary>
    public Stream? Open(int runId, string name) => Find(runId, name) is { } id ? db.Files.OpenRead(id) : null;

    /// <summary>
    /// After the run finished: only its last attempt's files stay, without the checkpoint (a finished run is never
    /// resumed, and the checkpoint is the largest file). Lost attempts' partial uploads go too.
    /// </summary>
    public void Prune(int runId)
    {
        var attempt = runs.Get(runId)?.Attempt;
        foreach (var file in Stored(runId).Where(f => f.Attempt != attempt || f.Info.Filename == ArtifactNames.Checkpoint))
        {
            db.Files.Delete(file.Info.Id);
        }
    }

    /// <summary>
    /// Files stored before ids carried the attempt (<c>run/{run}/{name}</c>) become the files of their run's current
    /// attempt; run once at start. Returns how many moved.
    /// </summary>
    public int AdoptUnversionedFiles()
    {
        var moved = 0;
        foreach (var file in db.Files.Find(Query.StartsWith("_id", "run/")).ToList())
        {
            if (file.Id.Split('/') is not ["run", var run, var name] || !int.TryParse(run, CultureInfo.InvariantCulture, out var runId))
            {
                continue;
            }

            db.InTransaction(() =>
            {
                using (var content = db.Files.OpenRead(file.Id))
                {
                    db.Files.Upload(IdOf(runId, runs.Get(runId)?.Attempt ?? 0, name), name, content);
                }

                return db.Files.Delete(file.Id);
            });
            moved++;
        }

        return moved;
    }

    /// <summary>The id the run's <paramref name="name"/> resolves to now, or null.</summary>
    private string? Find(int runId, string name)
    {
        if (runs.Get(runId) is not { } run)
        {
            return null;
        }

        var candidates = Stored(runId).Where(f => f.Info.Filename == name);
        // An attempt that resumes has not written a checkpoint of its own yet: the newest earlier one is the run's.
        var file = name == ArtifactNames.Checkpoint
            ? candidates.Where(f => f.Attempt <= run.Attempt).MaxBy(f => f.Attempt)
            : candidates.FirstOrDefault(f => f.Attempt == run.Attempt);
        return file?.Info.Id;
    }

    private IEnumerable<StoredFile> Stored(int runId) =>
        db.Files.Find(Query.StartsWith("_id", $"run/{runId}/")).ToList()
            .Select(f => new StoredFile(f.Id.Split('/') is [_, _, var a, _] && int.TryParse(a, CultureInfo.InvariantCulture, out var n) ? n : -1, f))
            .Where(f => f.Attempt >= 0);

    private sealed record StoredFile(int Attempt, LiteFileInfo<string> Info);

    private static string IdOf(int runId, int attempt, string name) => $"run/{runId}/{attempt}/{name}";
}
