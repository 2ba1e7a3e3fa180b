using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Packaged;
using LabPortal.Agent.Models.Safetensors;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Packaged;

/// <summary>The cache format on a tiny checkpoint; the real MiniLM file is covered by <see cref="PackagedWeightCacheTests"/>.</summary>
public sealed class WeightCacheFileTests : IDisposable
{
    private const string Source = "0123abcd";

    private static readonly BertConfig Config = new() { VocabSize = 8, HiddenSize = 4, NumHiddenLayers = 1, NumAttentionHeads = 1, IntermediateSize = 8 };

    private readonly TempDirectory _temp = new();
    private readonly string _path;

    public WeightCacheFileTests()
    {
        _path = Path.Combine(_temp.Path, "tiny.safetensors");
        using var checkpoint = new PackagedCheckpoint(Config, new Dictionary<string, torch.Tensor>
        {
            ["bert.pooler.dense.weight"] = torch.ones(4, 4),
            ["bert.embeddings.word_embeddings.weight"] = torch.arange(32, dtype: torch.float32).reshape(8, 4),
        });
        WeightCacheFile.Write(_path, checkpoint, Source);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_cache_reads_back_its_config_and_tensors()
    {
        using var checkpoint = WeightCacheFile.Read(_path, Source);

        Assert.Equal(Config, checkpoint.Config);
        Assert.Equal(Config, WeightCacheFile.ReadConfig(_path, Source));
        Assert.Equal(31f, checkpoint.Tensors["bert.embeddings.word_embeddings.weight"][7, 3].item<float>());
    }

    [Fact]
    public void A_cache_made_from_another_package_is_refused_with_the_file_name()
    {
        var error = Assert.Throws<InvalidDataException>(() => WeightCacheFile.ReadConfig(_path, "ffff"));

        Assert.Contains(_path, error.Message);
        Assert.Contains("different package", error.Message);
    }

    [Fact]
    public void A_safetensors_file_without_the_cache_format_tag_is_refused()
    {
        using var tensor = torch.ones(2);
        SafetensorsFile.Write(_path, [("w", tensor)]);

        var error = Assert.Throws<InvalidDataException>(() => WeightCacheFile.Read(_path, Source));

        Assert.Contains(_path, error.Message);
        Assert.Contains("format is 'pt'", error.Message);
    }

    [Fact]
    public void A_flipped_byte_in_the_data_fails_the_checksum()
    {
        var bytes = File.ReadAllBytes(_path);
        bytes[^3] ^= 0x40;
        File.WriteAllBytes(_path, bytes);

        Assert.Contains("checksum", Assert.Throws<InvalidDataException>(() => WeightCacheFile.Read(_path, Source)).Message);
    }
}
