using System.Text.Json.Nodes;
using LabPortal.Agent.Adapters;
using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Decoders;
using LabPortal.Agent.Tests.Training;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Gpt2;

public sealed class Gpt2Tests : IDisposable
{
    private static readonly string[] Targets = ["c_attn", "c_proj", "c_fc"];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string WriteFolder(torch.ScalarType dtype = torch.ScalarType.Float32)
    {
        var folder = Path.Combine(_temp.Path, "tiny-gpt2");
        SmallGpt2Checkpoint.Write(folder, dtype);
        return folder;
    }

    [Fact]
    public void A_gpt2_folder_loads_its_conv1d_weights_transposed_into_linear_layers_by_hugging_face_names()
    {
        var folder = WriteFolder(torch.ScalarType.Float16);

        using var loaded = new ModelCatalogue([]).Create(folder, seed: 1, torch.CPU);

        var model = Assert.IsType<DecoderForPairClassification>(loaded.Model);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, stored) in SmallGpt2Checkpoint.Weights(torch.ScalarType.Float16))
        {
            var conv1D = name.EndsWith("c_attn.weight", StringComparison.Ordinal) || name.EndsWith("c_proj.weight", StringComparison.Ordinal) || name.EndsWith("c_fc.weight", StringComparison.Ordinal);
            using var expected = (conv1D ? stored.t() : stored).to_type(torch.ScalarType.Float32);
            Assert.True(parameters[name].allclose(expected, rtol: 0, atol: 0), name);
        }

        Assert.Equal([48L, 16], parameters["transformer.h.0.attn.c_attn.weight"].shape);   // (out, in)
        Assert.Equal(SmallGpt2Checkpoint.EndOfText, loaded.Tokenizer.Special.Pad);         // GPT-2 has no pad token
        Assert.Equal(DecoderPrompt.For(loaded.Tokenizer.Tokenize, beginToken: null).Start, loaded.Tokenizer.PairLayout.Prompt!.Start); // no BOS
    }

    [Fact]
    public void The_original_gpt2_files_unprefixed_names_load_to_the_same_model_and_their_mask_buffers_are_left_unused()
    {
        var prefixed = WriteFolder();
        var original = Path.Combine(_temp.Path, "original-gpt2");
        SmallGpt2Checkpoint.Write(original, originalNames: true);
        var catalogue = new ModelCatalogue([]);

        using var fromPrefixed = catalogue.Create(prefixed, seed: 1, torch.CPU);
        using var fromOriginal = catalogue.Create(original, seed: 1, torch.CPU);

        var expected = fromPrefixed.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.All(fromOriginal.Model.named_parameters(), p => Assert.True(p.parameter.allclose(expected[p.name], rtol: 0, atol: 0), p.name));
    }

    [Fact]
    public void Lora_on_c_attn_c_proj_and_c_fc_trains_a_gpt2_folder_with_a_falling_loss()
    {
        var folder = WriteFolder();
        var spec = TrainingFixture.QuickSpec() with
        {
            Model = folder,
            Method = new MethodSpec { Kind = MethodKind.EnhancedLora, Rank = 4, Alpha = 8, TargetModules = Targets },
            Training = TrainingFixture.QuickSpec().Training with { Epochs = 6, BatchSize = 8, LearningRate = 5e-3, MaxLength = 48, LogEverySteps = 1, LengthBucketing = false },
        };
        var job = new TrainingJob(spec, _temp.WriteSlice("train.tsv", TestPaths.QqpTrain, rows: 16), _temp.WriteSlice("dev.tsv", TestPaths.QqpDev, rows: 16), torch.CPU);
        var reports = new List<ProgressReport>();

        var result = new Trainer().Train(job, new SynchronousProgress(reports), CancellationToken.None);

        var train = reports.Where(r => r.Kind == ProgressKind.Train).ToList();
        Assert.Equal(12, result.Steps);
        Assert.True(TrainingFixture.MeanLoss(train, epoch: 1) > TrainingFixture.MeanLoss(train, epoch: 6), $"mean training loss went from {TrainingFixture.MeanLoss(train, 1)} to {TrainingFixture.MeanLoss(train, 6)}");
    }

    [Fact]
    public void A_saved_gpt2_adapter_says_fan_in_fan_out_and_loads_back_with_identical_outputs()
    {
        var folder = WriteFolder(torch.ScalarType.BFloat16);
        var method = new MethodSpec { Kind = MethodKind.EnhancedLora, Rank = 4, Alpha = 8, TargetModules = Targets };
        var adapterFolder = Path.Combine(_temp.Path, "adapter");

        var (trainedLogits, _, after, adapted) = AdapterRoundTrip.SaveAndReload(folder, method, adapterFolder);

        Assert.Equal(2 * 4, adapted); // c_attn, attn.c_proj, c_fc, mlp.c_proj in each of 2 layers
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(adapterFolder, PeftAdapterConfig.FileName)))!;
        Assert.True(config["fan_in_fan_out"]!.GetValue<bool>());
        Assert.All(trainedLogits.Zip(after), pair => Assert.Equal(pair.First, pair.Second, 1e-5));
    }

    [Theory]
    [InlineData("activation_function", "relu", "activation_function 'relu' is not supported")]
    [InlineData("n_embd", null, "the field n_embd is missing")]
    public void A_bad_gpt2_config_is_refused_naming_the_file_and_the_field(string field, string? value, string message)
    {
        var folder = WriteFolder();
        var configPath = Path.Combine(folder, CheckpointFiles.Config);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config.Remove(field);
        if (value is not null)
        {
            config[field] = value;
        }

        File.WriteAllText(configPath, config.ToJsonString());

        var error = Assert.Throws<CheckpointException>(() => new ModelCatalogue([]).FindOrOpen(folder));
        Assert.Contains($"{configPath}: {message}", error.Message, StringComparison.Ordinal);
    }
}
