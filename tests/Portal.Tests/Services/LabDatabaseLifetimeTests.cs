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

    [Fact]
    public async Task Shutdown_lets_a_transaction_under_way_commit_and_the_reopened_file_holds_it()
    {
        var path = Path.Combine(_folder, "lab.db");
        var db = new LabDatabase(path);
        using var inside = new ManualResetEventSlim();
        using var finish = new ManualResetEventSlim();
        var writer = Task.Run(() => db.InTransaction(() =>
        {
            db.Runs.Insert(new RunRecord { ExperimentName = "first of two" });
            inside.Set();
            finish.Wait();
            return db.Runs.Insert(new RunRecord { ExperimentName = "second of two" });
        }));
        Assert.True(inside.Wait(TimeSpan.FromSeconds(60)), "the writer did not start its transaction");

        var shutdown = Task.Run(db.Dispose);
        await Task.Delay(300);
        Assert.False(shutdown.IsCompleted, "Dispose closed the file under a transaction still writing");
        Assert.Throws<ObjectDisposedException>(() => db.Runs.Count()); // nothing new starts once shutdown has begun
        finish.Set();
        await writer.WaitAsync(TimeSpan.FromSeconds(60));
        await shutdown.WaitAsync(TimeSpan.FromSeconds(60));

        using var reopened = new LabDatabase(path);
        Assert.Equal(["first of two", "second of two"], reopened.Runs.FindAll().Select(r => r.ExperimentName));
    }

    [Fact]
    public void A_database_whose_transaction_table_filled_up_is_opened_afresh_and_takes_writes_again()
    {
        var path = Path.Combine(_folder, "lab.db");
        using var db = new LabDatabase(path);
        db.Runs.Insert(new RunRecord { ExperimentName = "stored before" });

        // LiteDB 5 allows 100 open transactions per engine, and some of its own faults leave them open for good: every
        // later call on that engine then fails. 100 transactions held open here stand for those.
        using var release = new ManualResetEventSlim();
        using var allOpen = new CountdownEvent(100);
        var holders = Enumerable.Range(0, 100).Select(_ => new Thread(() =>
        {
            try
            {
                db.InTransaction(() =>
                {
                    allOpen.Signal();
                    release.Wait();
                    return 0;
                });
            }
            catch (Exception e) when (e is LiteDB.LiteException or ObjectDisposedException)
            {
                // Its commit met the engine the portal had closed meanwhile: nothing was written, as intended.
            }
        })).ToList();
        holders.ForEach(t => t.Start());
        try
        {
            Assert.True(allOpen.Wait(TimeSpan.FromSeconds(60)), "the holders did not all open a transaction");
            var full = Assert.IsType<LiteDB.LiteException>(Record.Exception(() => db.Runs.Insert(new RunRecord { ExperimentName = "refused" })));

            Assert.True(db.NoteFailure(full), $"not counted as a failure that needs a fresh engine: {full.Message}");
            db.Runs.Insert(new RunRecord { ExperimentName = "stored after" });
        }
        finally
        {
            release.Set();
            holders.ForEach(t => t.Join());
        }

        Assert.Equal(["stored before", "stored after"], db.Runs.FindAll().Select(r => r.ExperimentName));
    }
}
