using LabPortal.Agent.Adapters;
using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Tests.Models.Checkpoints;
using TorchSharp;

namespace LabPortal.Agent.Tests.Adapters;

public sealed class PeftAdapterLoaderErrorTests : IDisposable
{
    private const string QueryA = "base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight";

    private readonly TempDirectory _temp = new();

    public PeftAdapterLoaderErrorTests()
    {
        using var trained = AdapterModels.Trained(AdapterModels.Settings());
        PeftAdapter.Save(trained, AdapterModels.Settings(), "small-bert", Folder);
    }

    public void Dispose() => _temp.Dispose();

    private string Folder => Path.Combine(_temp.Path, "adapter");

    private string WeightsPath => Path.Combine(Folder, "adapter_model.safetensors");

    [Fact]
    public void A_missing_tensor_is_named_with_the_file_and_nothing_is_loaded()
    {
        RewriteWeights(tensors => tensors.Where(t => t.Name != QueryA));

        AssertRefusedUntouched(QueryA, "missing");
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_is_named_with_both_shapes()
    {
        using var wrong = torch.zeros(3, 32);
        RewriteWeights(tensors => tensors.Select(t => t.Name == QueryA ? (t.Name, wrong) : t));

        var error = AssertRefusedUntouched(QueryA, "[3, 32]");
        Assert.Contains("[4, 32]", error.Message);
    }

    [Fact]
    public void A_tensor_the_config_does_not_select_is_refused()
    {
        using var extra = torch.zeros(4, 32);
        RewriteWeights(tensors => tensors.Append(("base_model.model.bert.encoder.layer.0.attention.self.key.lora_A.weight", extra)));

        AssertRefusedUntouched("self.key.lora_A.weight", "matches nothing");
    }

    [Fact]
    public void A_truncated_weights_file_is_refused_naming_it()
    {
        var bytes = File.ReadAllBytes(WeightsPath);
        File.WriteAllBytes(WeightsPath, bytes[..(bytes.Length - 10)]);

        AssertRefusedUntouched();
    }

    [Fact]
    public void A_config_of_another_PEFT_type_is_refused_naming_the_config_file()
    {
        var configPath = Path.Combine(Folder, "adapter_config.json");
        File.WriteAllText(configPath, File.ReadAllText(configPath).Replace("\"LORA\"", "\"IA3\"", StringComparison.Ordinal));
        using var model = AdapterModels.Base();

        var error = Assert.Throws<InvalidDataException>(() => PeftAdapterLoader.Load(model, Folder));

        Assert.Contains(configPath, error.Message);
        Assert.Contains("IA3", error.Message);
    }

    [Fact]
    public void An_adapter_for_conv1d_layers_is_refused_on_a_bert_model_naming_the_config_file()
    {
        var configPath = Path.Combine(Folder, "adapter_config.json");
        File.WriteAllText(configPath, File.ReadAllText(configPath).Replace("\"fan_in_fan_out\": false", "\"fan_in_fan_out\": true", StringComparison.Ordinal));
        using var model = AdapterModels.Base();

        var error = Assert.Throws<InvalidDataException>(() => PeftAdapterLoader.Load(model, Folder));

        Assert.Contains($"{configPath}: fan_in_fan_out is true", error.Message);
        Assert.Empty(LoraInjector.Adapters(model));
    }

    [Fact]
    public void A_folder_without_the_weights_file_says_which_file_is_missing()
    {
        File.Delete(WeightsPath);
        using var model = AdapterModels.Base();

        var error = Assert.Throws<FileNotFoundException>(() => PeftAdapterLoader.Load(model, Folder));

        Assert.Contains("adapter_model.safetensors", error.Message);
    }

    private void RewriteWeights(Func<IEnumerable<(string Name, torch.Tensor Tensor)>, IEnumerable<(string Name, torch.Tensor Tensor)>> change)
    {
        using var saved = new TensorBag(SafetensorsFile.Read(WeightsPath).Tensors);
        SafetensorsFile.Write(WeightsPath, change(saved.Tensors.Select(t => (t.Key, t.Value))).ToList());
    }

    private InvalidDataException AssertRefusedUntouched(params string[] fragments)
    {
        using var model = AdapterModels.Base();
        var before = SmallCheckpoints.Snapshot(model);

        var error = Assert.Throws<InvalidDataException>(() => PeftAdapterLoader.Load(model, Folder));

        Assert.Contains(WeightsPath, error.Message);
        Assert.All(fragments, f => Assert.Contains(f, error.Message));
        Assert.Empty(LoraInjector.Adapters(model));
        Assert.All(model.named_parameters(), p => Assert.True(p.parameter.allclose(before[p.name], rtol: 0, atol: 0), $"{p.name} changed"));
        return error;
    }
}
