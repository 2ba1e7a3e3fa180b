using System.Text.Json.Nodes;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Decoders;
using LabPortal.Agent.Tokenization;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Llama;

public sealed class LlamaCheckpointTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("llama", torch.ScalarType.Float32, false)]
    [InlineData("llama", torch.ScalarType.BFloat16, true)]
    [InlineData("qwen2", torch.ScalarType.Float16, false)]
    [InlineData("mistral", torch.ScalarType.BFloat16, false)]
    public void A_checkpoint_folder_loads_every_tensor_by_its_hugging_face_name(string modelType, torch.ScalarType dtype, bool sharded)
    {
        var folder = Path.Combine(_temp.Path, modelType);
        var options = new SmallLlamaCheckpoint.Options { ModelType = modelType, DType = dtype, Sharded = sharded, TiedEmbeddings = !sharded };
        SmallLlamaCheckpoint.Write(folder, options);

        using var loaded = new ModelCatalogue([]).Create(folder, seed: 1, torch.CPU);

        var model = Assert.IsType<DecoderForPairClassification>(loaded.Model);
        var weights = SmallLlamaCheckpoint.Weights(options).ToDictionary(w => w.Name, w => w.Tensor);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        // Every checkpoint tensor but the LM head is a parameter of the same name, holding its value (as fp32).
        Assert.Equal(weights.Keys.Where(n => n != "lm_head.weight").Order(), parameters.Keys.Where(n => n != "score.weight").Order());
        Assert.All(weights.Where(w => w.Key != "lm_head.weight"), w => Assert.True(parameters[w.Key].allclose(w.Value.to_type(torch.ScalarType.Float32), rtol: 0, atol: 0), w.Key));
        Assert.Equal(PairHead.CrossLast, model.Head);
        Assert.Equal(SmallLlamaCheckpoint.EndId, loaded.Tokenizer.Special.Pad); // no pad_token_id: end-of-text pads
        Assert.Equal(modelType == "qwen2", parameters.ContainsKey("model.layers.0.self_attn.q_proj.bias"));
    }

    [Fact]
    public void The_catalogue_describes_a_decoder_folder_by_its_size()
    {
        var folder = Path.Combine(_temp.Path, "llama");
        SmallLlamaCheckpoint.Write(folder);
        var entry = new ModelCatalogue([]).FindOrOpen(folder);

        var shape = entry.Architecture!.Shape;
        using var model = entry.Architecture.Create(PairHead.CrossLast, 2);

        Assert.Equal(model.parameters().Sum(p => p.numel()) - (2 * SmallLlamaCheckpoint.Hidden), shape.Parameters); // all but the score head
        Assert.Equal((SmallLlamaCheckpoint.Hidden, SmallLlamaCheckpoint.Layers), (shape.HiddenSize, shape.Layers));
        Assert.StartsWith("llama decoder: 2 layers", entry.Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("num_hidden_layers", null, "the field num_hidden_layers is missing")]
    [InlineData("hidden_act", "gelu", "hidden_act 'gelu' is not supported")]
    [InlineData("num_key_value_heads", 3, "num_attention_heads 4 is not a multiple of num_key_value_heads 3")]
    [InlineData("model_type", "falcon", "model_type 'falcon' is not supported")]
    public void A_bad_config_is_refused_naming_the_file_and_the_field(string field, object? value, string message)
    {
        var folder = Path.Combine(_temp.Path, "bad");
        SmallLlamaCheckpoint.Write(folder);
        var configPath = Path.Combine(folder, CheckpointFiles.Config);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config[field] = value is null ? null : JsonValue.Create(value);
        if (value is null)
        {
            config.Remove(field);
        }

        File.WriteAllText(configPath, config.ToJsonString());

        var error = Assert.Throws<CheckpointException>(() => new ModelCatalogue([]).FindOrOpen(folder));
        Assert.Contains(configPath, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_is_refused_naming_it_and_both_shapes()
    {
        var folder = Path.Combine(_temp.Path, "shape");
        SmallLlamaCheckpoint.Write(folder);
        var configPath = Path.Combine(folder, CheckpointFiles.Config);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config["intermediate_size"] = 24;
        File.WriteAllText(configPath, config.ToJsonString());

        var error = Assert.Throws<CheckpointException>(() => new ModelCatalogue([]).Create(folder, seed: 1, torch.CPU));

        Assert.Contains("model.layers.0.mlp.gate_proj.weight' has shape [32, 16] but the model needs [24, 16]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shard_the_index_names_but_the_folder_lacks_is_refused()
    {
        var folder = Path.Combine(_temp.Path, "shards");
        SmallLlamaCheckpoint.Write(folder, new SmallLlamaCheckpoint.Options { Sharded = true });
        File.Delete(Path.Combine(folder, "model-00002-of-00002.safetensors"));

        var error = Assert.Throws<CheckpointException>(() => new ModelCatalogue([]).Create(folder, seed: 1, torch.CPU));

        Assert.Contains("weight_map names the shard 'model-00002-of-00002.safetensors', which is not a file beside the index", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_decoder_refuses_a_bi_encoder_head_by_name()
    {
        var folder = Path.Combine(_temp.Path, "llama");
        SmallLlamaCheckpoint.Write(folder);

        var error = Assert.Throws<ArgumentException>(() => new ModelCatalogue([]).Create(folder, seed: 1, torch.CPU, new Shared.Experiments.HeadSpec { Kind = Shared.Experiments.HeadKind.BiEncoder }));

        Assert.Contains("reads the pair as one prompt", error.Message, StringComparison.Ordinal);
    }
}
