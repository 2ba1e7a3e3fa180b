using System.Globalization;
using System.Text.Json.Nodes;
using LabPortal.Agent.Commands;

namespace LabPortal.Agent.Tests.Commands;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Scoring_a_runs_own_validation_file_gives_back_its_decisions_and_metrics_in_file_order()
    {
        var dev = _temp.WriteSlice("dev.tsv", TestPaths.QqpDev, 60);
        var run = Train("enhanced-lora", "tiny", dev, "--lora-r", "4", "--epochs", "1", "--batch-size", "16", "--max-seq-length", "32", "--max-train-samples", "96");
        var scores = Path.Combine(_temp.Path, "scores.tsv");

        var (code, output, log) = Score("--run", run, "--data", dev, "--output", scores, "--batch-size", "7", "--latency", "5");

        Assert.True(code == 0, log);
        var result = JsonNode.Parse(output)!;
        var trained = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "result.json")))!;
        Assert.Equal(60, result["pairs"]!.GetValue<int>());
        Assert.Equal("S_match ≥ τ", result["decidedBy"]!.GetValue<string>());
        foreach (var count in new[] { "tp", "fp", "tn", "fn" })
        {
            Assert.Equal(trained[count]!.GetValue<long>(), result["metrics"]![count]!.GetValue<long>());
        }

        Assert.Equal(trained["accuracy"]!.GetValue<double>(), result["metrics"]!["accuracy"]!.GetValue<double>(), 12);
        // Row by row, in the file's order although batches were sorted by length: the decision column as evaluation wrote it.
        var evaluated = Rows(Path.Combine(run, "predictions.tsv"));
        var rescored = Rows(scores);
        Assert.Equal(evaluated.Select(r => r[5]), rescored.Select(r => r[5]));
        Assert.All(evaluated.Zip(rescored), rows => Assert.Equal(double.Parse(rows.First[4], CultureInfo.InvariantCulture), double.Parse(rows.Second[4], CultureInfo.InvariantCulture), 1e-5));
        var latency = result["latency"]!;
        Assert.Equal(5, latency["pairs"]!.GetValue<int>());
        Assert.InRange(latency["p50Milliseconds"]!.GetValue<double>(), double.Epsilon, latency["p95Milliseconds"]!.GetValue<double>());
        Assert.True(result["tokensPerSecond"]!.GetValue<double>() > 0);
    }

    [Fact]
    public void An_unlabelled_file_gets_the_same_predictions_with_an_empty_label_column_and_no_metrics()
    {
        var dev = _temp.WriteSlice("dev.tsv", TestPaths.QqpDev, 30);
        var run = Train("lora", "tiny", dev, "--lora-r", "2", "--epochs", "1", "--batch-size", "16", "--max-seq-length", "32", "--max-train-samples", "32");
        // GLUE's test files have the texts only: drop the label column.
        var unlabelled = Path.Combine(_temp.Path, "test.tsv");
        File.WriteAllLines(unlabelled, File.ReadLines(dev).Select(line => string.Join('\t', line.Split('\t')[..^1])));
        var (labelledScores, unlabelledScores) = (Path.Combine(_temp.Path, "labelled.tsv"), Path.Combine(_temp.Path, "unlabelled.tsv"));

        var (labelledCode, _, labelledLog) = Score("--run", run, "--data", dev, "--output", labelledScores);
        var (code, output, log) = Score("--run", run, "--data", unlabelled, "--unlabelled", "--output", unlabelledScores);
        var (refusedCode, _, refusedLog) = Score("--run", run, "--data", unlabelled);

        Assert.True(labelledCode == 0, labelledLog);
        Assert.True(code == 0, log);
        var result = JsonNode.Parse(output)!;
        Assert.Equal(30, result["pairs"]!.GetValue<int>());
        Assert.Null(result["metrics"]);
        var (expected, scored) = (Rows(labelledScores), Rows(unlabelledScores));
        Assert.All(scored, row => Assert.Equal("", row[1]));
        Assert.Equal(expected.Select(r => (r[2], r[3])), scored.Select(r => (r[2], r[3])));
        Assert.Equal(2, refusedCode); // without --unlabelled the missing label column is named
        Assert.Contains("no column 'is_duplicate'", refusedLog);
    }

    [Fact]
    public void A_run_folder_without_its_adapter_is_refused_naming_the_folder_and_the_file()
    {
        var dev = _temp.WriteSlice("dev.tsv", TestPaths.QqpDev, 20);
        var run = Train("lora", "tiny", dev, "--lora-r", "2", "--epochs", "1", "--batch-size", "16", "--max-seq-length", "32", "--max-train-samples", "32");
        Directory.Delete(Path.Combine(run, "adapter"), recursive: true);

        var (code, output, log) = Score("--run", run, "--data", dev);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal($"score: The run in {run} has no adapter.zip.", log.Trim());
    }

    [Fact]
    public void Comparing_with_ONNX_Runtime_times_the_packaged_encoder_on_the_same_sequences()
    {
        var dev = _temp.WriteSlice("dev.tsv", TestPaths.QqpDev, 24);
        var run = Train("zero-shot", "minilm", dev, "--max-seq-length", "48", "--max-train-samples", "24");

        var (code, output, log) = Score("--run", run, "--data", dev, "--compare-onnx", "--threads", "1");

        Assert.True(code == 0, log);
        var result = JsonNode.Parse(output)!;
        Assert.Equal("cosine ≥ τ", result["decidedBy"]!.GetValue<string>());
        Assert.True(result["onnxRuntimeTokensPerSecond"]!.GetValue<double>() > 0);
        var ratio = result["tokensPerSecond"]!.GetValue<double>() / result["onnxRuntimeTokensPerSecond"]!.GetValue<double>();
        Assert.Equal(ratio, result["oursOverOnnxRuntime"]!.GetValue<double>(), 0.01 * ratio);
    }

    [Fact]
    public void Comparing_with_ONNX_Runtime_is_refused_for_a_model_without_an_ONNX_file()
    {
        var dev = _temp.WriteSlice("dev.tsv", TestPaths.QqpDev, 20);
        var run = Train("lora", "tiny", dev, "--lora-r", "2", "--epochs", "1", "--batch-size", "16", "--max-seq-length", "32", "--max-train-samples", "32");

        var (code, _, log) = Score("--run", run, "--data", dev, "--compare-onnx");

        Assert.Equal(2, code);
        Assert.Contains("--compare-onnx needs a packaged base model", log);
        Assert.Contains("this run's is 'tiny'", log);
    }

    /// <summary>A run trained by the train command in fp32 (exact rescoring needs no bfloat16 rounding); its folder.</summary>
    private string Train(string method, string model, string dev, params string[] flags)
    {
        var folder = Path.Combine(_temp.Path, method);
        var output = new StringWriter();
        var log = new StringWriter();
        string[] args = ["--task", "qqp", "--train-file", _temp.WriteSlice("train.tsv", TestPaths.QqpTrain, 200), "--validation-file", dev,
            "--model", model, "--method", method, "--precision", "fp32", "--seed", "1", "--output-dir", folder, .. flags];
        Assert.True(TrainCommand.Run(args, output, log) == 0, log.ToString());
        return folder;
    }

    private static (int Code, string Output, string Log) Score(params string[] args)
    {
        var output = new StringWriter();
        var log = new StringWriter();
        var code = ScoreCommand.Run(args, output, log);
        return (code, output.ToString().Trim(), log.ToString());
    }

    private static List<string[]> Rows(string path) => File.ReadLines(path).Skip(1).Select(l => l.Split('\t')).ToList();
}
