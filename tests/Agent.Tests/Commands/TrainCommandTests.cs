using System.Text.Json.Nodes;
using LabPortal.Agent.Commands;

namespace LabPortal.Agent.Tests.Commands;

public sealed class TrainCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Validation_errors_are_printed_one_a_line_with_field_and_flag_and_exit_2()
    {
        var (code, output, log) = Run("--task", "qqp", "--train-file", Path.Combine(_temp.Path, "missing.tsv"), "--validation-file", Slice("dev.tsv", TestPaths.QqpDev, 20),
            "--model", "tiny", "--method", "lora", "--lora-r", "0", "--epochs", "0");

        Assert.Equal(2, code);
        Assert.Empty(output);
        var lines = log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("train: dataset.trainFile (--train-file): ", StringComparison.Ordinal) && l.Contains("missing.tsv", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("train: method.rank (--lora-r): ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("train: training.epochs (--epochs): ", StringComparison.Ordinal));
    }

    [Fact]
    public void A_usage_error_exits_2_with_the_message()
    {
        var (code, _, log) = Run("--model", "tiny", "--method", "lora", "--bogus", "1");

        Assert.Equal(2, code);
        Assert.Contains("Unrecognized command or argument '--bogus'", log);
    }

    [Fact]
    public void Help_lists_every_option_with_what_it_sets_and_exits_0_without_training()
    {
        var (code, output, log) = Run("--help");

        Assert.Equal(0, code);
        Assert.Empty(log);
        foreach (var flag in TrainFlags.All)
        {
            Assert.Contains(output.Split('\n'), line => line.TrimStart().StartsWith("--" + flag.Name + " ", StringComparison.Ordinal) && line.Contains(flag.Description, StringComparison.Ordinal));
        }

        Assert.Contains("--resume-from", output);
        Assert.Contains("LoRA rank r (default 8).", output);
    }

    [Fact]
    public void Two_seeds_on_tiny_print_a_JSON_line_each_then_the_summary_and_leave_artifacts()
    {
        var output = Path.Combine(_temp.Path, "out");
        var (code, stdout, log) = Run("--task", "qqp", "--train-file", Slice("train.tsv", TestPaths.QqpTrain, 300), "--validation-file", Slice("dev.tsv", TestPaths.QqpDev, 60),
            "--model", "tiny", "--method", "enhanced-lora", "--lora-r", "4", "--epochs", "1", "--batch-size", "16", "--max-seq-length", "32",
            "--seeds", "1,2", "--max-train-samples", "96", "--output-dir", output);

        Assert.True(code == 0, log);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal([1, 2], lines.Take(2).Select(l => l["seed"]!.GetValue<int>()));
        Assert.Equal(["seed", "accuracy", "f1"], lines[0].AsObject().Select(p => p.Key).Take(3));
        Assert.All(lines.Take(2), l =>
        {
            Assert.Equal(60, l["tp"]!.GetValue<long>() + l["fp"]!.GetValue<long>() + l["tn"]!.GetValue<long>() + l["fn"]!.GetValue<long>());
            Assert.Equal(6, l["steps"]!.GetValue<int>()); // --max-train-samples 96 / batch 16
            Assert.NotNull(l["classifier"]);
            Assert.NotNull(l["threshold"]);
            Assert.True(File.Exists(Path.Combine(l["output"]!.GetValue<string>(), "adapter", "adapter_model.safetensors")));
            Assert.Equal(l.ToJsonString(), JsonNode.Parse(File.ReadAllText(Path.Combine(l["output"]!.GetValue<string>(), "result.json")))!.ToJsonString());
        });
        Assert.Equal(Path.Combine(output, "seed2"), lines[1]["output"]!.GetValue<string>());
        var accuracies = lines.Take(2).Select(l => l["accuracy"]!.GetValue<double>()).ToList();
        Assert.Equal(accuracies.Average(), lines[2]["accuracy"]!["mean"]!.GetValue<double>(), 12);
        Assert.Equal(Math.Abs(accuracies[0] - accuracies[1]) / Math.Sqrt(2), lines[2]["accuracy"]!["std"]!.GetValue<double>(), 12);
        Assert.Contains("train: step 5/6  loss ", log); // every 5 steps (the spec's default) and at the end
        Assert.Contains("train: tiny, enhanced-lora, seed 2, ", log);
        Assert.Contains("lr_A ", log);
    }

    private string Slice(string name, string source, int rows) => _temp.WriteSlice(name, source, rows);

    private static (int Code, string Output, string Log) Run(params string[] args)
    {
        var output = new StringWriter();
        var log = new StringWriter();
        var code = TrainCommand.Run(args, output, log);
        return (code, output.ToString(), log.ToString());
    }
}
