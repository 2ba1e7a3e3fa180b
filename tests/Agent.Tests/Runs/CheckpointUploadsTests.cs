using System.Collections.Concurrent;
using System.IO.Compression;
using LabPortal.Agent.Runs;

namespace LabPortal.Agent.Tests.Runs;

public sealed class CheckpointUploadsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("labportal-checkpoint-").FullName;

    [Fact]
    public async Task A_checkpoint_is_sent_as_a_zip_of_the_folder_as_it_was_when_offered()
    {
        var sent = new ConcurrentQueue<byte[]>();
        var uploads = new CheckpointUploads(content => Keep(content, sent), _ => { });
        File.WriteAllText(Path.Combine(_folder, "manifest.json"), "step 10");

        uploads.Offer(_folder);
        File.WriteAllText(Path.Combine(_folder, "manifest.json"), "step 20"); // the trainer moves on
        await uploads.DrainAsync();

        using var zip = new ZipArchive(new MemoryStream(Assert.Single(sent)));
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        Assert.Equal("step 10", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task While_an_upload_is_slow_only_the_newest_waiting_checkpoint_is_sent_next()
    {
        var sent = new ConcurrentQueue<byte[]>();
        var firstStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource();
        var first = true;
        var uploads = new CheckpointUploads(async content =>
        {
            if (first)
            {
                first = false;
                firstStarted.SetResult();
                await release.Task;
            }

            await Keep(content, sent);
        }, _ => { });

        File.WriteAllText(Path.Combine(_folder, "manifest.json"), "step 10");
        uploads.Offer(_folder);
        // Step 10 is on its way (were it still waiting, step 20 would rightly replace it) before the next two come.
        await firstStarted.Task.WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var step in new[] { 20, 30 })
        {
            File.WriteAllText(Path.Combine(_folder, "manifest.json"), $"step {step}");
            uploads.Offer(_folder);
        }

        release.SetResult();
        await uploads.DrainAsync();
        await Task.Delay(100);
        await uploads.DrainAsync();

        Assert.Equal(["step 10", "step 30"], sent.Select(ManifestOf));
    }

    [Fact]
    public async Task A_failed_upload_is_reported_and_the_next_checkpoint_still_goes()
    {
        var failures = new ConcurrentQueue<Exception>();
        var sent = new ConcurrentQueue<byte[]>();
        var attempts = 0;
        var uploads = new CheckpointUploads(
            content => Interlocked.Increment(ref attempts) == 1 ? throw new IOException("portal down") : Keep(content, sent),
            failures.Enqueue);

        File.WriteAllText(Path.Combine(_folder, "manifest.json"), "step 10");
        uploads.Offer(_folder);
        await uploads.DrainAsync();
        File.WriteAllText(Path.Combine(_folder, "manifest.json"), "step 20");
        uploads.Offer(_folder);
        await uploads.DrainAsync();

        Assert.IsType<IOException>(Assert.Single(failures));
        Assert.Equal("step 20", ManifestOf(Assert.Single(sent)));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static async Task Keep(Stream content, ConcurrentQueue<byte[]> sent)
    {
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        sent.Enqueue(copy.ToArray());
    }

    private static string ManifestOf(byte[] zipBytes)
    {
        using var zip = new ZipArchive(new MemoryStream(zipBytes));
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        return reader.ReadToEnd();
    }
}
