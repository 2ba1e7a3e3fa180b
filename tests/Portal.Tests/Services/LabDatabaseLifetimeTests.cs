using LabPortal.Portal.Storage;
using LabPortal.Shared.Models;

namespace LabPortal.Portal.Tests.Services;

public sealed class LabDatabaseLifetimeTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("labportal-db-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_failure_noted_after_shutdown_does_not_open_the_file_again()
    {
        var path = Path.Combine(_folder, "lab.db");
        var db = new LabDatabase(path);
        db.Runs.Insert(new RunRecord { ExperimentName = "stored before shutdown" });
        db.Dispose();

        // A background job still running at shutdown meets LiteDB's closed engine and reports it as a storage failure.
        Assert.True(db.NoteFailure(new IOException("late write")));

        Assert.Throws<ObjectDisposedException>(() => db.Runs.Count());
        using var reopened = new LabDatabase(path); // the file is not held open by a resurrected instance
        Assert.Equal(["stored before shutdown"], reopened.Runs.FindAll().Select(r => r.ExperimentName));
    }
}
