using System.Text.Json.Nodes;
using LabPortal.Agent.Adapters;
using LabPortal.Agent.Lora;
using LabPortal.Agent.Models.Safetensors;

namespace LabPortal.Agent.Tests.Adapters;

public sealed class PeftAdapterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Folder => Path.Combine(_temp.Path, "adapter");

    [Fact]
    public void A_saved_adapter_loaded_onto_a_fresh_base_gives_the_same_logits()
    {
        using var trained = AdapterModels.Trained(AdapterModels.Settings());
        PeftAdapter.Save(trained, AdapterModels.Settings(), "small-bert", Folder);
        using var fresh = AdapterModels.Base();

        PeftAdapterLoader.Load(fresh, Folder);

        using var expected = AdapterModels.Logits(trained);
        using var actual = AdapterModels.Logits(fresh);
        Assert.True(expected.allclose(actual, rtol: 0, atol: 1e-6), $"max diff {(expected - actual).abs().max().item<float>()}");
        Assert.Equal(4, LoraInjector.Adapters(fresh).Count);
    }

    [Fact]
    public void The_adapter_file_holds_exactly_the_PEFT_keys_of_the_adapters_and_the_classifier()
    {
        using var trained = AdapterModels.Trained(AdapterModels.Settings());
        PeftAdapter.Save(trained, AdapterModels.Settings(), "small-bert", Folder);

        using var tensors = new TensorBag(SafetensorsFile.Read(Path.Combine(Folder, "adapter_model.safetensors")).Tensors);

        string[] layers = ["0.attention.self.query", "0.attention.self.value", "1.attention.self.query", "1.attention.self.value"];
        var expected = layers
            .SelectMany(l => new[] { $"base_model.model.bert.encoder.layer.{l}.lora_A.weight", $"base_model.model.bert.encoder.layer.{l}.lora_B.weight" })
            .Append("base_model.model.classifier.weight")
            .Append("base_model.model.classifier.bias");
        Assert.Equal(expected.Order(), tensors.Tensors.Keys.Order());
        Assert.Equal([4L, 32L], tensors.Tensors["base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight"].shape);
        Assert.Equal([32L, 4L], tensors.Tensors["base_model.model.bert.encoder.layer.0.attention.self.query.lora_B.weight"].shape);
    }

    [Fact]
    public void The_config_has_the_fields_PEFT_reads_for_a_sequence_classification_LoRA()
    {
        using var trained = AdapterModels.Trained(AdapterModels.Settings());
        PeftAdapter.Save(trained, AdapterModels.Settings(), "small-bert", Folder);

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "adapter_config.json")))!;

        Assert.Equal("LORA", config["peft_type"]!.GetValue<string>());
        Assert.Equal("SEQ_CLS", config["task_type"]!.GetValue<string>());
        Assert.Equal(4, config["r"]!.GetValue<int>());
        Assert.Equal(8, config["lora_alpha"]!.GetValue<double>());
        Assert.Equal(0.1, config["lora_dropout"]!.GetValue<double>());
        Assert.Equal(["query", "value"], config["target_modules"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.False(config["use_rslora"]!.GetValue<bool>());
        Assert.Equal("none", config["bias"]!.GetValue<string>());
        Assert.Equal("small-bert", config["base_model_name_or_path"]!.GetValue<string>());
        Assert.Equal(["classifier"], config["modules_to_save"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.True(config["init_lora_weights"]!.GetValue<bool>());
        Assert.False(config["fan_in_fan_out"]!.GetValue<bool>());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_principal_component_adapter_is_saved_as_a_rank_2r_delta_that_reproduces_the_model_on_the_original_weights(bool rsLora)
    {
        var settings = AdapterModels.Settings(decomposition: true, rsLora);
        using var trained = AdapterModels.Trained(settings);
        PeftAdapter.Save(trained, settings, "small-bert", Folder);
        using var original = AdapterModels.Base();

        var config = PeftAdapterLoader.Load(original, Folder);

        using var expected = AdapterModels.Logits(trained);
        using var actual = AdapterModels.Logits(original);
        Assert.True(expected.allclose(actual, rtol: 0, atol: 1e-5), $"max diff {(expected - actual).abs().max().item<float>()}");
        Assert.Equal(8, config.R);
        Assert.Equal(rsLora ? 8 * Math.Sqrt(2) : 16, config.LoraAlpha, 12);
        Assert.All(LoraInjector.Adapters(original), a => Assert.Equal(LoraInjector.Adapters(trained)[0].Layer.Scaling, a.Layer.Scaling, 12));
        Assert.Contains(PeftAdapter.ConversionMetadataKey, SafetensorsFile.ReadMetadata(Path.Combine(Folder, "adapter_model.safetensors")).Keys);
    }

    [Fact]
    public void Target_modules_other_than_query_key_value_are_named_by_suffixes_that_select_exactly_the_adapted_layers()
    {
        string[] linear =
        [
            "bert.encoder.layer.0.attention.self.query", "bert.encoder.layer.0.attention.output.dense", "bert.encoder.layer.0.intermediate.dense",
            "bert.encoder.layer.0.output.dense", "bert.pooler.dense", "classifier",
        ];

        Assert.Equal(["query"], PeftModuleNames.Describe([linear[0]], linear));
        Assert.Equal(["intermediate.dense"], PeftModuleNames.Describe([linear[2]], linear));
        Assert.Equal(["0.output.dense"], PeftModuleNames.Describe([linear[3]], linear));
        Assert.Equal(["attention.output.dense"], PeftModuleNames.Describe([linear[1]], linear));
    }
}
