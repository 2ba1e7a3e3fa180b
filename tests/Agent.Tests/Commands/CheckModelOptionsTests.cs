using LabPortal.Agent.Commands;

namespace LabPortal.Agent.Tests.Commands;

public sealed class CheckModelOptionsTests
{
    [Fact]
    public void Only_the_model_is_needed_and_the_rest_take_their_defaults()
    {
        var options = CheckModelOptions.Parse(["--model", "minilm"]);

        Assert.Equal(("minilm", 20, null, null, 10, 128), (options.Model, options.Pairs, options.Threads, options.DataPath, options.BatchSize, options.MaxLength));
    }

    [Fact]
    public void Every_option_is_read()
    {
        var options = CheckModelOptions.Parse(["--model", "arctic-xs", "--pairs", "5", "--threads", "2", "--data", "d.tsv", "--batch-size", "4", "--max-length", "64"]);

        Assert.Equal(("arctic-xs", 5, 2, "d.tsv", 4, 64), (options.Model, options.Pairs, options.Threads, options.DataPath, options.BatchSize, options.MaxLength));
    }

    [Theory]
    [InlineData("--pairs 0", "--pairs must be a positive whole number (got '0')")]
    [InlineData("--batch-size many", "--batch-size must be a positive whole number (got 'many')")]
    [InlineData("--colour red", "Unrecognized command or argument '--colour'")]
    [InlineData("--pairs", "Required argument missing for option: '--pairs'")]
    public void A_bad_argument_is_refused_naming_it(string extra, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => CheckModelOptions.Parse(["--model", "minilm", .. extra.Split(' ')]));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Every_problem_of_a_command_line_is_named_at_once()
    {
        var error = Assert.Throws<ArgumentException>(() => CheckModelOptions.Parse(["--pairs", "0"]));

        Assert.Contains("--model", error.Message);
        Assert.Contains("--pairs must be", error.Message);
    }

    [Fact]
    public void Help_names_every_option_and_says_nothing_is_run()
    {
        using var output = new StringWriter();

        Assert.True(CommandParsing.WriteHelpIfAsked(CheckModelOptions.Command(), ["--help"], output));
        foreach (var option in new[] { "--model", "--pairs", "--threads", "--data", "--batch-size", "--max-length" })
        {
            Assert.Contains(option, output.ToString());
        }

        Assert.False(CommandParsing.WriteHelpIfAsked(CheckModelOptions.Command(), ["--model", "minilm"], TextWriter.Null));
    }
}
