using LabPortal.Agent.Commands;
using LabPortal.Agent.Data.Glue;
using LabPortal.Agent.Tests.Data;

namespace LabPortal.Agent.Tests.Commands;

public sealed class DataCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Only_the_source_is_needed_and_both_tasks_go_to_data_by_default()
    {
        var options = DataOptions.Parse(["glue"]);

        Assert.Equal([GlueTask.Qqp, GlueTask.Mrpc], options.Tasks);
        Assert.Equal(("data", false), (options.Output, options.Force));
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = DataOptions.Parse(["glue", "--tasks", "mrpc", "--output", "elsewhere", "--force"]);

        Assert.Equal([GlueTask.Mrpc], options.Tasks);
        Assert.Equal(("elsewhere", true), (options.Output, options.Force));
    }

    [Theory]
    [InlineData("glue --tasks sst2", "--tasks must name qqp and/or mrpc, comma-separated (got 'sst2')")]
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
        foreach (var text in new[] { "glue", "--tasks", "--output", "--force", "qqp, mrpc" })
        {
            Assert.Contains(text, output);
        }

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Data_glue_fetches_both_tasks_into_the_output_and_prints_where_each_file_went()
    {
        using var server = new LocalFileServer(GlueFiles.All());
        var output = Path.Combine(_temp.Path, "data");

        var (code, stdout, log) = await Run(server, "glue", "--output", output);

        Assert.True(code == 0, log);
        Assert.Equal(
            [
                $"data: wrote {Path.Combine(output, "qqp", "train.tsv")} (2 pairs)",
                $"data: wrote {Path.Combine(output, "qqp", "dev.tsv")} (1 pair)",
                $"data: wrote {Path.Combine(output, "mrpc", "train.tsv")} (2 pairs)",
                $"data: wrote {Path.Combine(output, "mrpc", "dev.tsv")} (2 pairs)",
            ],
            stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(GlueFiles.ExpectedMrpcDev, File.ReadAllText(Path.Combine(output, "mrpc", "dev.tsv")));

        var (again, kept, _) = await Run(server, "glue", "--tasks", "qqp", "--output", output);

        Assert.Equal(0, again);
        Assert.Contains($"data: kept {Path.Combine(output, "qqp", "dev.tsv")} (it exists; --force replaces it)", kept);
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

        var (code, _, log) = await Run(server, "glue", "--tasks", "cola");

        Assert.Equal(2, code);
        Assert.Contains("--tasks must name qqp and/or mrpc", log);
        Assert.Empty(server.Requests);
    }

    private static async Task<(int Code, string Output, string Log)> Run(LocalFileServer server, params string[] args)
    {
        using var output = new StringWriter();
        using var log = new StringWriter();
        var code = await DataCommand.RunAsync(args, output, log, GlueFiles.SourcesOn(server));
        return (code, output.ToString(), log.ToString());
    }
}
