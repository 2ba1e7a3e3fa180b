using System.Diagnostics;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Models;

namespace LabPortal.Portal.Tests.Services;

/// <summary>
/// A full disk, for real: the database lives on a small tmpfs that a filler file fills up. LiteDB closes its engine
/// after the failed write; the portal's database must open the file again once there is space, without a restart,
/// and lose nothing it had stored. Mounting needs root, as CI and the docker image run the tests.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly string _mount = Path.Combine(Path.GetTempPath(), $"labportal-full-disk-{Guid.NewGuid():N}");

    public DiskFullTests()
    {
        Directory.CreateDirectory(_mount);
        var (exitCode, output) = Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", _mount);
        Assert.True(exitCode == 0, $"these tests mount a 4 MiB tmpfs at {_mount} and need root for it: {output}");
    }

    [Fact]
    public void Writes_fail_while_the_disk_is_full_and_succeed_again_on_the_same_database_once_space_is_freed()
    {
        var path = Path.Combine(_mount, "lab.db");
        using var db = new LabDatabase(path);
        var before = db.Runs.Insert(NewRun("stored before the disk filled")).AsInt32;
        var filler = Path.Combine(_mount, "filler");
        FillDisk(filler);

        var failure = Record.Exception(() => WriteUntilItFails(db));
        Assert.True(failure is IOException or LiteDB.LiteException, $"expected a storage failure, got {failure}");

        File.Delete(filler);
        var after = WriteWithinThreeTries(db);

        Assert.Equal("stored after space was freed", db.Runs.FindById(after)!.ExperimentName);
        db.Dispose();
        using var reopened = new LabDatabase(path);
        Assert.Equal(
            ["stored before the disk filled", "stored after space was freed"],
            new[] { before, after }.Select(id => reopened.Runs.FindById(id)?.ExperimentName));
    }

    public void Dispose()
    {
        Run("umount", "-l", _mount);
        Directory.Delete(_mount, recursive: true);
    }

    /// <summary>Writes runs with large notes until LiteDB reports the full disk (it may take a few, as pages are cached).</summary>
    private static void WriteUntilItFails(LabDatabase db)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                db.InTransaction(() => db.Runs.Insert(NewRun($"written on a full disk {i}", notes: new string('x', 64_000))));
            }
            catch (Exception failure)
            {
                db.NoteFailure(failure);
                throw;
            }
        }

        Assert.Fail("a hundred 64 kB runs were written to a full 4 MiB disk without an error");
    }

    /// <summary>The first write after space is freed may still meet the closed engine (it is what tells the database); a third must not.</summary>
    private static int WriteWithinThreeTries(LabDatabase db)
    {
        var failures = new List<Exception>();
        while (failures.Count < 3)
        {
            try
            {
                return db.InTransaction(() => db.Runs.Insert(NewRun("stored after space was freed")).AsInt32);
            }
            catch (Exception failure)
            {
                db.NoteFailure(failure);
                failures.Add(failure);
            }
        }

        throw new Xunit.Sdk.XunitException($"still failing after space was freed:\n{string.Join("\n", failures)}");
    }

    private static void FillDisk(string filler)
    {
        // Unbuffered, so closing it has nothing left to write.
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                stream.Write(block);
            }
        }
        catch (IOException)
        {
            // no space left: the disk is full
        }
    }

    private static RunRecord NewRun(string name, string? notes = null) => new() { ExperimentName = name, Notes = notes ?? "" };

    private static (int ExitCode, string Output) Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        arguments.ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}
