using LabPortal.Agent.Commands;
using LabPortal.Agent.Data.Glue;
using LabPortal.Agent.Tests.Data;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Tests.Commands;

public sealed class DataCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Only_the_source_is_needed_and_every_glue_task_goes_to_data_by_default_in_glues_order()
    {
        var options = DataOptions.Parse(["glue"]);

        Assert.Equal([TaskKind.Cola, TaskKind.Sst2, TaskKind.Mrpc, TaskKind.Stsb, TaskKind.Qqp, TaskKind.Mnli, TaskKind.Qnli, TaskKind.Rte], options.Tasks);
        Assert.Equal(("data", false), (options.Output, options.Force));
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = DataOptions.Parse(["glue", "--tasks", "rte,MRPC, stsb,rte", "--output", "elsewhere", "--force"]);

        Assert.Equal([TaskKind.Rte, TaskKind.Mrpc, TaskKind.Stsb], options.Tasks);
        Assert.Equal(("elsewhere", true), (options.Output, options.Force));
    }

    [Theory]
    [InlineData("glue --tasks qqp,wnli,squad", $"--tasks must name one or more of {AllTasks}, comma-separated (got 'qqp,wnli,squad'; unknown: 'wnli', 'squad')")]
    [InlineData("glue --tasks ,", $"--tasks must name one or more of {AllTasks}, comma-separated (got ',')")]
    [InlineData("squad", "Argument 'squad' not recognized")]
    [InlineData("--output data", "Required argument missing for command: 'data'")]
    [InlineData("glue --colour red", "Unrecognized command or argument '--colour'")]
    public void A_bad_argument_is_refused_naming_it(string args, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => DataOptions.Parse(args.Split(' ')));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task Help_names_every_option_and_fetches_nothing()
    {
        using var server = new LocalFileServer(GlueFiles.All());
        var (code, output, log) = await Run(server, "--help");

        Assert.Equal((0, ""), (code, log));
        foreach (var text in new[] { "glue", "--tasks", "--output", "--force", AllTasks })
        {
            Assert.Contains(text, output);
        }

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Data_glue_fetches_every_task_into_its_folder_and_prints_each_files_examples()
    {
        using var server = new LocalFileServer(GlueFiles.All());
        var output = Path.Combine(_temp.Path, "data");

        var (code, stdout, log) = await Run(server, "glue", "--output", output);

        Assert.True(code == 0, log);
        Assert.Equal(
            [
                Wrote(output, "cola/train.tsv", "3 examples"), Wrote(output, "cola/dev.tsv", "2 examples"),
                Wrote(output, "sst2/train.tsv", "2 examples"), Wrote(output, "sst2/dev.tsv", "1 example"),
                Wrote(output, "mrpc/train.tsv", "2 examples"), Wrote(output, "mrpc/dev.tsv", "2 examples"),
                Wrote(output, "stsb/train.tsv", "2 examples"), Wrote(output, "stsb/dev.tsv", "1 example"),
                Wrote(output, "qqp/train.tsv", "2 examples"), Wrote(output, "qqp/dev.tsv", "1 example"),
                Wrote(output, "mnli/train.tsv", "3 examples"), Wrote(output, "mnli/dev.tsv", "1 example"), Wrote(output, "mnli/dev_mismatched.tsv", "2 examples"),
                Wrote(output, "qnli/train.tsv", "2 examples"), Wrote(output, "qnli/dev.tsv", "1 example"),
                Wrote(output, "rte/train.tsv", "2 examples"), Wrote(output, "rte/dev.tsv", "1 example"),
            ],
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(GlueFiles.ColaDev, File.ReadAllText(Path.Combine(output, "cola", "dev.tsv")));
        Assert.Equal(GlueFiles.ExpectedMrpcDev, File.ReadAllText(Path.Combine(output, "mrpc", "dev.tsv")));

        // Every folder the glue-suite preset reads now exists with both files.
        Assert.All(TaskFacts.Glue, task => Assert.All(new[] { "train.tsv", "dev.tsv" }, file => Assert.True(File.Exists(Path.Combine(output, LabJson.NameOf(task), file)))));
    }

    [Fact]
    public async Task A_second_run_keeps_every_existing_file_and_fetches_nothing_without_force()
    {
        using var server = new LocalFileServer(GlueFiles.All());
        var output = Path.Combine(_temp.Path, "data");
        await Run(server, "glue", "--tasks", "mnli,qqp", "--output", output);
        File.WriteAllText(Path.Combine(output, "mnli", "dev.tsv"), "mine");
        var asked = server.Requests.Count;

        var (code, stdout, _) = await Run(server, "glue", "--tasks", "mnli,qqp", "--output", output);

        Assert.Equal(0, code);
        Assert.Equal(
            [Kept(output, "mnli/train.tsv"), Kept(output, "mnli/dev.tsv"), Kept(output, "mnli/dev_mismatched.tsv"), Kept(output, "qqp/train.tsv"), Kept(output, "qqp/dev.tsv")],
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "mnli", "dev.tsv")));
        Assert.Equal(asked, server.Requests.Count);
    }

    [Fact]
    public async Task A_failed_download_exits_1_naming_the_address()
    {
        using var server = new LocalFileServer(new Dictionary<string, byte[]>());

        var (code, _, log) = await Run(server, "glue", "--tasks", "qqp", "--output", _temp.Path);

        Assert.Equal(1, code);
        Assert.Contains($"data: GET {server.Address(GlueFiles.QqpZipPath)} answered 404 Not Found.", log);
    }

    [Fact]
    public async Task A_usage_error_exits_2_with_the_message()
    {
        using var server = new LocalFileServer(GlueFiles.All());

        var (code, _, log) = await Run(server, "glue", "--tasks", "wnli");

        Assert.Equal(2, code);
        Assert.Contains($"--tasks must name one or more of {AllTasks}", log);
        Assert.Empty(server.Requests);
    }

    /// <summary>The valid task names, as --tasks lists them in its help and its errors.</summary>
    private const string AllTasks = "cola, sst2, mrpc, stsb, qqp, mnli, qnli, rte";

    private static string Wrote(string output, string file, string examples) => $"data: wrote {Under(output, file)} ({examples})";

    private static string Kept(string output, string file) => $"data: kept {Under(output, file)} (it exists; --force replaces it)";

    private static string Under(string output, string file) => Path.Combine(output, file.Replace('/', Path.DirectorySeparatorChar));

    private static async Task<(int Code, string Output, string Log)> Run(LocalFileServer server, params string[] args)
    {
        using var output = new StringWriter();
        using var log = new StringWriter();
        var code = await DataCommand.RunAsync(args, output, log, GlueFiles.SourcesOn(server));
        return (code, output.ToString(), log.ToString());
    }
}
