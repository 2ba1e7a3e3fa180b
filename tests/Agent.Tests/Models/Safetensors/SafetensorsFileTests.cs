using LabPortal.Agent.Models.Safetensors;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Safetensors;

public sealed class SafetensorsFileTests : IDisposable
{
    // A PEFT adapter's key shape, which the LoRA export will write through this codec.
    private const string LoraKey = "base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight";

    private readonly TempDirectory _temp = new();
    private readonly string _path;

    public SafetensorsFileTests() => _path = Path.Combine(_temp.Path, "adapter_model.safetensors");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Tensors_and_metadata_written_together_read_back_together_with_format_pt()
    {
        using var lora = torch.arange(12, dtype: torch.float32).reshape(3, 4);
        using var steps = torch.tensor(new long[] { 7, 8 });
        SafetensorsFile.Write(_path, [(LoraKey, lora), ("steps", steps)], new Dictionary<string, string> { ["rank"] = "3" });

        var contents = SafetensorsFile.Read(_path);
        using var tensors = new TensorBag(contents.Tensors);

        Assert.Equal(new Dictionary<string, string> { ["format"] = "pt", ["rank"] = "3" }, contents.Metadata);
        Assert.True(lora.allclose(tensors.Tensors[LoraKey], rtol: 0, atol: 0), "the float tensor reads back unchanged");
        Assert.Equal(torch.ScalarType.Int64, tensors.Tensors["steps"].dtype);
        Assert.Equal([7L, 8L], tensors.Tensors["steps"].data<long>().ToArray());
    }

    [Fact]
    public void A_format_given_in_the_metadata_replaces_pt()
    {
        using var tensor = torch.ones(2);
        SafetensorsFile.Write(_path, [("w", tensor)], new Dictionary<string, string> { ["format"] = "custom" });

        Assert.Equal("custom", SafetensorsFile.ReadMetadata(_path)["format"]);
    }

    [Fact]
    public void The_metadata_can_be_read_from_the_header_alone()
    {
        using var tensor = torch.zeros(64, 64);
        SafetensorsFile.Write(_path, [("w", tensor)], new Dictionary<string, string> { ["config"] = "{\"hidden_size\":64}" });

        var metadata = SafetensorsFile.ReadMetadata(_path);

        Assert.Equal("{\"hidden_size\":64}", metadata["config"]);
        Assert.Equal("pt", metadata["format"]);
    }

    [Fact]
    public void A_file_that_is_not_safetensors_is_refused_with_its_name()
    {
        File.WriteAllText(_path, "[1, 2, 3] is not safetensors");

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsFile.ReadMetadata(_path));

        Assert.Contains(_path, error.Message);
        Assert.Contains("header length", error.Message);
    }

    [Fact]
    public void A_full_read_of_a_file_with_truncated_data_is_refused()
    {
        using var tensor = torch.ones(16);
        SafetensorsFile.Write(_path, [("w", tensor)]);
        File.WriteAllBytes(_path, File.ReadAllBytes(_path)[..^4]);

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Read(_path));

        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void Bytes_after_the_last_tensor_are_refused_as_the_reference_reader_does()
    {
        using var tensor = torch.ones(16);
        SafetensorsFile.Write(_path, [("w", tensor)]);
        File.AppendAllText(_path, "tail");

        Assert.Contains("padded", Assert.Throws<InvalidDataException>(() => SafetensorsFile.Read(_path)).Message);
    }

    [Fact]
    public void Writing_over_a_file_replaces_it_and_leaves_no_temporary_file()
    {
        using var first = torch.ones(100);
        using var second = torch.zeros(2);
        SafetensorsFile.Write(_path, [("first", first)]);

        SafetensorsFile.Write(_path, [("second", second)]);

        using var tensors = new TensorBag(SafetensorsFile.Read(_path).Tensors);
        Assert.Equal(["second"], tensors.Tensors.Keys);
        Assert.Equal([_path], Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void A_tensor_named_like_the_metadata_entry_is_refused()
    {
        using var tensor = torch.ones(1);

        Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(_path, [("__metadata__", tensor)]));
        Assert.False(File.Exists(_path));
    }
}
