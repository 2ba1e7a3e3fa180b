using System.Text;
using LabPortal.Agent.Data;
using LabPortal.Agent.Data.Glue;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Tests.Data;

public sealed class GlueDownloaderTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly HttpClient _http = new();

    public void Dispose()
    {
        _http.Dispose();
        _temp.Dispose();
    }

    [Theory]
    [InlineData(TaskKind.Cola, "cola", "CoLA", 3, 2)] // no header row
    [InlineData(TaskKind.Sst2, "sst2", "SST-2", 2, 1)]
    [InlineData(TaskKind.Stsb, "stsb", "STS-B", 2, 1)]
    [InlineData(TaskKind.Qqp, "qqp", "QQP", 2, 1)]
    [InlineData(TaskKind.Qnli, "qnli", "QNLI", 2, 1)]
    [InlineData(TaskKind.Rte, "rte", "RTE", 2, 1)]
    public async Task A_zipped_task_is_unpacked_byte_for_byte_into_its_folder_with_the_examples_its_reader_counts(
        TaskKind task, string folder, string zipFolder, int trainExamples, int devExamples)
    {
        using var server = new LocalFileServer(GlueFiles.All());
        var entries = GlueFiles.Zips[task].Entries;

        var files = await Download(server, task);

        AssertOnlyWritten(files, folder, entries[$"{zipFolder}/train.tsv"], entries[$"{zipFolder}/dev.tsv"]); // not test.tsv
        Assert.Equal(Encoding.UTF8.GetBytes(entries[$"{zipFolder}/train.tsv"]), File.ReadAllBytes(files[0].Path));
        Assert.Equal([trainExamples, devExamples], files.Select(f => f.Examples));
        Assert.Equal([GlueFiles.Zips[task].Path], server.Requests);
    }

    [Fact]
    public async Task Mnli_dev_is_the_matched_file_and_the_mismatched_one_is_kept_beside_it()
    {
        using var server = new LocalFileServer(GlueFiles.All());

        var files = await Download(server, TaskKind.Mnli);

        Assert.Equal(
            [(Mnli("train.tsv"), 3), (Mnli("dev.tsv"), 1), (Mnli("dev_mismatched.tsv"), 2)],
            files.Select(f => (f.Path, f.Examples ?? -1)));
        Assert.Equal(GlueFiles.MnliTrain, File.ReadAllText(Mnli("train.tsv")));
        Assert.Equal(GlueFiles.MnliDevMatched, File.ReadAllText(Mnli("dev.tsv")));
        Assert.Equal(GlueFiles.MnliDevMismatched, File.ReadAllText(Mnli("dev_mismatched.tsv")));
        Assert.Equal(["dev.tsv", "dev_mismatched.tsv", "train.tsv"], FilesIn("mnli")); // no test files, no .part
    }

    [Fact]
    public async Task Mrpc_is_split_by_the_dev_ids_with_the_header_in_both_and_without_the_byte_order_mark()
    {
        using var server = new LocalFileServer(GlueFiles.All());

        var files = await Download(server, TaskKind.Mrpc);

        AssertOnlyWritten(files, "mrpc", GlueFiles.ExpectedMrpcTrain, GlueFiles.ExpectedMrpcDev);
        Assert.NotEqual(0xEF, File.ReadAllBytes(Mrpc("dev.tsv"))[0]);
        Assert.Equal([GlueFiles.MrpcTrainPath, GlueFiles.MrpcDevIdsPath], server.Requests);
    }

    [Fact]
    public async Task The_written_files_read_as_pairs_with_the_qqp_and_mrpc_task_settings()
    {
        using var server = new LocalFileServer(GlueFiles.All());
        await Download(server, TaskKind.Qqp);
        await Download(server, TaskKind.Mrpc);

        var qqp = new DatasetSpec { Task = TaskKind.Qqp };
        var mrpc = new DatasetSpec { Task = TaskKind.Mrpc };

        Assert.Equal([1, 0], PairFileReader.Read(Qqp("train.tsv"), qqp).Select(p => p.Label));
        Assert.Equal(new SentencePair("What causes rainbows?", "How are rainbows formed?", 1), Assert.Single(PairFileReader.Read(Qqp("dev.tsv"), qqp)));
        Assert.Equal([1, 0], PairFileReader.Read(Mrpc("train.tsv"), mrpc).Select(p => p.Label));
        Assert.Equal(
            [new SentencePair("Shares rose 3 percent in early trading .", "The company hired a new chief executive .", 0), new SentencePair("The storm closed two highways .", "Two highways were shut by the storm .", 1)],
            PairFileReader.Read(Mrpc("dev.tsv"), mrpc));
    }

    [Fact]
    public async Task A_file_missing_on_the_server_is_an_error_naming_its_address_and_status_and_writes_nothing()
    {
        using var server = ServingInstead(GlueFiles.MrpcDevIdsPath, null);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Download(server, TaskKind.Mrpc));

        Assert.Equal($"GET {server.Address(GlueFiles.MrpcDevIdsPath)} answered 404 Not Found.", error.Message);
        Assert.Empty(FilesIn("mrpc"));
    }

    [Theory]
    [InlineData(TaskKind.Cola, "cola", "CoLA/dev.tsv")]
    [InlineData(TaskKind.Sst2, "sst2", "SST-2/dev.tsv")]
    [InlineData(TaskKind.Stsb, "stsb", "STS-B/dev.tsv")]
    [InlineData(TaskKind.Qqp, "qqp", "QQP/dev.tsv")]
    [InlineData(TaskKind.Mnli, "mnli", "MNLI/dev_matched.tsv")]
    [InlineData(TaskKind.Qnli, "qnli", "QNLI/dev.tsv")]
    [InlineData(TaskKind.Rte, "rte", "RTE/dev.tsv")]
    public async Task A_zip_without_its_dev_entry_is_an_error_naming_the_zip_and_the_entry_and_writes_nothing(TaskKind task, string folder, string devEntry)
    {
        var (path, entries) = GlueFiles.Zips[task];
        var rest = entries.Where(e => e.Key != devEntry).ToDictionary();
        using var server = ServingInstead(path, GlueFiles.Zip(rest));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Download(server, task));

        Assert.Equal($"The zip from {server.Address(path)} has no {devEntry} (it holds: {string.Join(", ", rest.Keys)}).", error.Message);
        Assert.Empty(FilesIn(folder));
    }

    [Fact]
    public async Task A_file_the_tasks_reader_refuses_fails_with_its_line_and_column_naming_the_zip_entry_and_nothing_is_kept()
    {
        var (path, entries) = GlueFiles.Zips[TaskKind.Sst2];
        var broken = new Dictionary<string, string>(entries) { ["SST-2/train.tsv"] = "sentence\tlabel\na fine film \t1\na dull film \tnegative\n" };
        using var server = ServingInstead(path, GlueFiles.Zip(broken));

        var error = await Assert.ThrowsAsync<DataFormatException>(() => Download(server, TaskKind.Sst2));

        Assert.Equal(
            $"SST-2/train.tsv in the zip from {server.Address(path)}, line 3, column 2 ('label'): expected the label 0 or 1 but found 'negative'.",
            error.Message);
        Assert.Empty(FilesIn("sst2")); // not even the dev file, which was fine
    }

    [Fact]
    public async Task An_answer_that_is_not_a_zip_is_an_error_naming_the_address()
    {
        using var server = ServingInstead(GlueFiles.QqpZipPath, "<html>Moved</html>"u8.ToArray());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Download(server, TaskKind.Qqp));

        Assert.StartsWith($"What {server.Address(GlueFiles.QqpZipPath)} sent is not a zip file: ", error.Message);
    }

    [Fact]
    public async Task An_mrpc_file_without_mrpcs_header_is_refused_naming_its_address()
    {
        using var server = ServingInstead(GlueFiles.MrpcTrainPath, "<html>Moved</html>\n"u8.ToArray());

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => Download(server, TaskKind.Mrpc));

        Assert.Equal($"{server.Address(GlueFiles.MrpcTrainPath)} does not start with MRPC's header '{MrpcSplit.Header}' (its first line: '<html>Moved</html>').", error.Message);
    }

    [Fact]
    public async Task Existing_files_are_kept_and_nothing_is_fetched_without_force()
    {
        using var server = new LocalFileServer(GlueFiles.All());
        Directory.CreateDirectory(Path.Combine(_temp.Path, "qqp"));
        File.WriteAllText(Qqp("train.tsv"), "mine");
        File.WriteAllText(Qqp("dev.tsv"), "mine too");

        var files = await Download(server, TaskKind.Qqp);

        Assert.All(files, f => Assert.False(f.Written));
        Assert.Equal(("mine", "mine too"), (File.ReadAllText(Qqp("train.tsv")), File.ReadAllText(Qqp("dev.tsv"))));
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Only_the_missing_file_is_written_when_the_other_is_there()
    {
        using var server = new LocalFileServer(GlueFiles.All());
        Directory.CreateDirectory(Path.Combine(_temp.Path, "mrpc"));
        File.WriteAllText(Mrpc("dev.tsv"), "mine");

        var files = await Download(server, TaskKind.Mrpc);

        Assert.Equal([true, false], files.Select(f => f.Written));
        Assert.Equal(GlueFiles.ExpectedMrpcTrain, File.ReadAllText(Mrpc("train.tsv")));
        Assert.Equal("mine", File.ReadAllText(Mrpc("dev.tsv")));
    }

    [Fact]
    public async Task Force_replaces_existing_files()
    {
        using var server = new LocalFileServer(GlueFiles.All());
        Directory.CreateDirectory(Path.Combine(_temp.Path, "qqp"));
        File.WriteAllText(Qqp("train.tsv"), "old");

        var files = await Download(server, TaskKind.Qqp, force: true);

        Assert.All(files, f => Assert.True(f.Written));
        Assert.Equal(GlueFiles.QqpTrain, File.ReadAllText(Qqp("train.tsv")));
    }

    /// <summary>A server with the usual files, except <paramref name="body"/> at <paramref name="path"/> (none: 404).</summary>
    private static LocalFileServer ServingInstead(string path, byte[]? body)
    {
        var files = GlueFiles.All();
        files.Remove(path);
        if (body is not null)
        {
            files[path] = body;
        }

        return new LocalFileServer(files);
    }

    private Task<IReadOnlyList<GlueFile>> Download(LocalFileServer server, TaskKind task, bool force = false) =>
        new GlueDownloader(_http, GlueFiles.SourcesOn(server)).DownloadAsync(task, _temp.Path, force);

    /// <summary>The task's folder holds exactly train.tsv and dev.tsv with these contents (no download or .part left).</summary>
    private void AssertOnlyWritten(IReadOnlyList<GlueFile> files, string task, string train, string dev)
    {
        var folder = Path.Combine(_temp.Path, task);
        Assert.Equal([(Path.Combine(folder, "train.tsv"), true), (Path.Combine(folder, "dev.tsv"), true)], files.Select(f => (f.Path, f.Written)));
        Assert.Equal((train, dev), (File.ReadAllText(Path.Combine(folder, "train.tsv")), File.ReadAllText(Path.Combine(folder, "dev.tsv"))));
        Assert.Equal(["dev.tsv", "train.tsv"], FilesIn(task));
    }

    private string Qqp(string name) => Path.Combine(_temp.Path, "qqp", name);

    private string Mrpc(string name) => Path.Combine(_temp.Path, "mrpc", name);

    private string Mnli(string name) => Path.Combine(_temp.Path, "mnli", name);

    private List<string> FilesIn(string task)
    {
        var folder = Path.Combine(_temp.Path, task);
        return Directory.Exists(folder) ? Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList() : [];
    }
}
