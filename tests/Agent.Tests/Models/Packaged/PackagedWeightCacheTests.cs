using LabPortal.Agent.Models.Packaged;
using LabPortal.Agent.Models.Safetensors;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Packaged;

[Collection(PackagedEncoderCollection.Name)]
public sealed class PackagedWeightCacheTests(PackagedEncoderFixture fixture) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void The_cache_file_is_named_after_the_model_and_the_package_hash_and_holds_safetensors()
    {
        fixture.Loaded("minilm");
        var path = fixture.Cache.PathFor(PackagedModel.MiniLm);

        Assert.Matches(@"minilm-[0-9a-f]{16}\.safetensors$", path);
        Assert.True(File.Exists(path));
        Assert.Equal(fixture.Loaded("minilm").Bert.Config with { PadTokenId = 0 }, WeightCacheFile.ReadConfig(path, SourceHashOf(path)));
    }

    [Fact]
    public void A_truncated_cache_file_is_detected_and_rebuilt_from_the_package()
    {
        var (cache, path, notices) = CopyOfMiniLmCache();
        var fullLength = new FileInfo(path).Length;
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(fullLength / 2);
        }

        using var checkpoint = cache.Load(PackagedModel.MiniLm);

        Assert.Contains(notices, n => n.Contains(path, StringComparison.Ordinal) && n.Contains("truncated", StringComparison.Ordinal));
        Assert.Equal(fullLength, new FileInfo(path).Length);
        AssertSameAsFixture(checkpoint, "bert.encoder.layer.5.output.dense.weight");
    }

    [Fact]
    public void A_corrupted_byte_in_the_cached_weights_is_caught_by_the_checksum_and_rebuilt()
    {
        var (cache, path, notices) = CopyOfMiniLmCache();
        using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.Position = stream.Length - 100;
            var value = stream.ReadByte();
            stream.Position--;
            stream.WriteByte((byte)(value ^ 0x40));
        }

        using var checkpoint = cache.Load(PackagedModel.MiniLm);

        Assert.Contains(notices, n => n.Contains(path, StringComparison.Ordinal) && n.Contains("checksum", StringComparison.Ordinal));
        AssertSameAsFixture(checkpoint, "bert.pooler.dense.weight");
    }

    [Fact]
    public void A_cache_file_that_is_not_safetensors_at_all_is_rebuilt()
    {
        var (cache, path, notices) = CopyOfMiniLmCache();
        File.WriteAllText(path, "[1, 2, 3] is not a weight cache");

        var config = cache.ReadConfig(PackagedModel.MiniLm);

        Assert.Contains(notices, n => n.Contains(path, StringComparison.Ordinal) && n.Contains("header length", StringComparison.Ordinal));
        Assert.Equal(384, config.HiddenSize);
        Assert.True(new FileInfo(path).Length > 90_000_000);
    }

    [Fact]
    public void A_second_load_reads_the_cache_instead_of_the_package()
    {
        var (cache, path, notices) = CopyOfMiniLmCache();
        var written = File.GetLastWriteTimeUtc(path);

        using var checkpoint = cache.Load(PackagedModel.MiniLm);

        Assert.Empty(notices);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
    }

    [Fact]
    public void The_cache_folder_comes_from_labportal_model_cache_when_it_is_set()
    {
        var previous = Environment.GetEnvironmentVariable(PackagedWeightCache.DirectoryVariable);
        try
        {
            Environment.SetEnvironmentVariable(PackagedWeightCache.DirectoryVariable, _temp.Path);
            Assert.Equal(_temp.Path, PackagedWeightCache.DefaultDirectory());
            Environment.SetEnvironmentVariable(PackagedWeightCache.DirectoryVariable, null);
            Assert.EndsWith(Path.Combine("labportal", "models"), PackagedWeightCache.DefaultDirectory());
        }
        finally
        {
            Environment.SetEnvironmentVariable(PackagedWeightCache.DirectoryVariable, previous);
        }
    }

    /// <summary>A cache of its own holding a copy of the fixture's (already extracted) MiniLM file.</summary>
    private (PackagedWeightCache Cache, string Path, List<string> Notices) CopyOfMiniLmCache()
    {
        fixture.Loaded("minilm");
        var notices = new List<string>();
        var cache = new PackagedWeightCache(_temp.Path, notices.Add);
        var path = cache.PathFor(PackagedModel.MiniLm);
        File.Copy(fixture.Cache.PathFor(PackagedModel.MiniLm), path);
        return (cache, path, notices);
    }

    private void AssertSameAsFixture(PackagedCheckpoint checkpoint, string name)
    {
        var loaded = fixture.Loaded("minilm").Model.named_parameters().Single(p => p.name == name).parameter;
        Assert.True((loaded == checkpoint.Tensors[name]).all().item<bool>(), $"{name} matches the weights loaded from the first extraction");
    }

    /// <summary>The package hash is part of the file name's key; read it back from the header rather than recomputing it.</summary>
    private static string SourceHashOf(string path) => SafetensorsFile.ReadMetadata(path)["source_sha256"];
}
