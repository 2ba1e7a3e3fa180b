using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Safetensors;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Checkpoints;

public sealed class CheckpointErrorTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly string _folder;
    private readonly BertForPairClassification _exported;

    public CheckpointErrorTests()
    {
        _folder = Path.Combine(_temp.Path, "bert");
        _exported = SmallCheckpoints.WriteBert(_folder);
    }

    public void Dispose()
    {
        _exported.Dispose();
        _temp.Dispose();
    }

    private string Weights => Path.Combine(_folder, "model.safetensors");

    [Fact]
    public void A_missing_folder_is_named_in_the_error()
    {
        var missing = Path.Combine(_temp.Path, "nowhere");

        var error = Assert.Throws<CheckpointException>(() => CheckpointFolder.Open(missing));

        Assert.Contains(missing, error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void A_missing_config_json_is_named_in_the_error()
    {
        File.Delete(Path.Combine(_folder, "config.json"));

        Assert.Contains("config.json", Assert.Throws<CheckpointException>(() => CheckpointFolder.Open(_folder)).Message);
    }

    [Fact]
    public void Invalid_json_in_config_json_is_reported_with_the_file()
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), "{ \"model_type\": \"bert\", ");

        var error = Assert.Throws<CheckpointException>(() => CheckpointFolder.Open(_folder));

        Assert.Contains("config.json", error.Message);
        Assert.Contains("invalid JSON", error.Message);
    }

    [Fact]
    public void An_unknown_model_type_is_refused_naming_it()
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), """{ "model_type": "bart", "architectures": ["BartForConditionalGeneration"] }""");

        var error = Assert.Throws<CheckpointException>(() => CheckpointFolder.Open(_folder));

        Assert.Contains("config.json", error.Message);
        Assert.Contains("model_type 'bart'", error.Message);
    }

    [Fact]
    public void An_architecture_of_another_family_is_refused_naming_it()
    {
        File.WriteAllText(Path.Combine(_folder, "config.json"), """{ "model_type": "bert", "architectures": ["DistilBertForMaskedLM"] }""");

        Assert.Contains("'DistilBertForMaskedLM'", Assert.Throws<CheckpointException>(() => CheckpointFolder.Open(_folder)).Message);
    }

    [Fact]
    public void A_folder_without_weights_names_both_weight_files()
    {
        File.Delete(Weights);

        var error = Assert.Throws<CheckpointException>(() => CheckpointFolder.Open(_folder));

        Assert.Contains("model.safetensors", error.Message);
        Assert.Contains("pytorch_model.bin", error.Message);
    }

    [Fact]
    public void A_missing_vocabulary_is_named_in_the_error()
    {
        File.Delete(Path.Combine(_folder, "vocab.txt"));

        Assert.Contains("vocab.txt", Assert.Throws<CheckpointException>(() => CheckpointFolder.Open(_folder)).Message);
    }

    [Fact]
    public void A_roberta_folder_without_merges_names_merges_txt()
    {
        var roberta = Path.Combine(_temp.Path, "roberta");
        using (SmallCheckpoints.WriteRoberta(roberta))
        {
            File.Delete(Path.Combine(roberta, "merges.txt"));
        }

        Assert.Contains("merges.txt", Assert.Throws<CheckpointException>(() => CheckpointFolder.Open(roberta)).Message);
    }

    [Fact]
    public void A_missing_tensor_is_named_with_the_weights_file()
    {
        RewriteWeights(name => name == "bert.encoder.layer.1.output.dense.weight" ? null : name);

        var error = Assert.Throws<CheckpointException>(() => Load());

        Assert.Contains("model.safetensors", error.Message);
        Assert.Contains("'bert.encoder.layer.1.output.dense.weight' is missing", error.Message);
    }

    [Fact]
    public void A_tensor_of_the_wrong_shape_is_named_with_both_shapes()
    {
        var path = Path.Combine(_folder, "model.safetensors");
        using var wrong = torch.zeros(64, 16);
        var tensors = _exported.named_parameters()
            .Select(p => (p.name, p.name == "bert.encoder.layer.0.intermediate.dense.weight" ? wrong : (torch.Tensor)p.parameter))
            .ToList();
        SafetensorsFile.Write(path, tensors);

        var error = Assert.Throws<CheckpointException>(() => Load());

        Assert.Contains("'bert.encoder.layer.0.intermediate.dense.weight' has shape [64, 16] but the model needs [64, 32]", error.Message);
    }

    [Fact]
    public void A_truncated_safetensors_file_is_reported_and_nothing_is_loaded()
    {
        var bytes = File.ReadAllBytes(Weights);
        File.WriteAllBytes(Weights, bytes[..(bytes.Length - 100)]);
        using var model = new BertForPairClassification(_exported.Config);
        var before = SmallCheckpoints.Snapshot(model);

        var error = Assert.Throws<CheckpointException>(() => CheckpointWeights.Load(model, Weights));

        Assert.Contains("model.safetensors", error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.All(model.named_parameters(), p => Assert.True(before[p.name].allclose(p.parameter, rtol: 0, atol: 0), p.name));
    }

    [Fact]
    public void A_corrupt_safetensors_header_is_reported()
    {
        var bytes = File.ReadAllBytes(Weights);
        bytes[8] = (byte)'#'; // the header's opening brace
        File.WriteAllBytes(Weights, bytes);

        var error = Assert.Throws<CheckpointException>(() => Load());

        Assert.Contains("model.safetensors is not a valid safetensors file", error.Message);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void A_truncated_pytorch_bin_is_reported_with_its_name()
    {
        var bin = Path.Combine(_folder, "pytorch_model.bin");
        PytorchStateDictFile.Write(bin, _exported.named_parameters().Select(p => (p.name, (torch.Tensor)p.parameter)).ToList());
        File.Delete(Weights);
        var bytes = File.ReadAllBytes(bin);
        File.WriteAllBytes(bin, bytes[..(bytes.Length / 2)]);

        Assert.Contains("pytorch_model.bin", Assert.Throws<CheckpointException>(() => Load()).Message);
    }

    [Fact]
    public void A_wrong_shape_late_in_the_file_leaves_every_parameter_untouched()
    {
        using var wrong = torch.zeros(32, 33);
        SafetensorsFile.Write(Weights, _exported.named_parameters()
            .Select(p => (p.name, p.name == "bert.pooler.dense.weight" ? wrong : (torch.Tensor)p.parameter))
            .ToList());
        using var model = new BertForPairClassification(_exported.Config);
        var before = SmallCheckpoints.Snapshot(model);

        Assert.Throws<CheckpointException>(() => CheckpointWeights.Load(model, Weights));

        Assert.All(model.named_parameters(), p => Assert.True(before[p.name].allclose(p.parameter, rtol: 0, atol: 0), p.name));
    }

    private LoadedModel Load() => new ModelCatalogue([]).Create(_folder, seed: 1, torch.CPU);

    /// <summary>Rewrites model.safetensors with each tensor renamed (null drops it).</summary>
    private void RewriteWeights(Func<string, string?> rename) =>
        SafetensorsFile.Write(Weights, _exported.named_parameters()
            .Select(p => (Name: rename(p.name), Tensor: (torch.Tensor)p.parameter))
            .Where(p => p.Name is not null)
            .Select(p => (p.Name!, p.Tensor))
            .ToList());
}
