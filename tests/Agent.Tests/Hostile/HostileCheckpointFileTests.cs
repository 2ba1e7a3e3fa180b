using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using LabPortal.Agent.Adapters;
using LabPortal.Agent.Lora;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Tests.Adapters;
using LabPortal.Agent.Tests.Models.Checkpoints;
using TorchSharp;

namespace LabPortal.Agent.Tests.Hostile;

/// <summary>
/// Hostile input catalogue, category 3 (docs/hostile-inputs.md): broken weight files, adapter folders and adapter
/// archives through the agent's real loaders. Each is an exception naming the file and what is wrong; a model being
/// loaded stays as it was, and nothing is written outside the folder an archive is unpacked into.
/// </summary>
public sealed class HostileCheckpointFileTests : IDisposable
{
    private const string QueryA = "base_model.model.bert.encoder.layer.0.attention.self.query.lora_A.weight";

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string WeightsPath => Path.Combine(_temp.Path, "weights.safetensors");

    /// <summary>The 8-byte little-endian header length, the header as written, then the data bytes.</summary>
    private static byte[] Safetensors(string header, int dataBytes, ulong? claimedLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, claimedLength ?? (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }

    private const string OneTensor = """{"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}""";

    /// <summary>Case: the file's bytes and a piece of the message that must follow "&lt;path&gt; is not a valid safetensors file: ".</summary>
    public static TheoryData<string, byte[], string> BadSafetensors => new()
    {
        { "empty file", [], "the file has 0 bytes, fewer than the 8-byte header length" },
        { "only part of the length", [1, 0, 0], "the file has 3 bytes" },
        { "header length beyond the file", Safetensors(OneTensor, 16, claimedLength: 4096), "the header length 4096 does not fit the file" },
        { "header length absurd", Safetensors(OneTensor, 16, claimedLength: ulong.MaxValue), $"the header length {ulong.MaxValue} does not fit" },
        { "header not json", Safetensors("this is not json at all", 0), "the header is not valid JSON" },
        { "header a json array", Safetensors("[1, 2, 3]", 0), "the header is not a JSON object" },
        { "truncated data", Safetensors(OneTensor, 10), "tensor 'w' ends at byte 16 of the data, which has only 10 bytes (truncated?)" },
        { "offsets out of range", Safetensors("""{"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [1000, 1016]}}""", 16), "tensor 'w' ends at byte 1016" },
        { "negative offset", Safetensors("""{"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [-16, 0]}}""", 16), "data_offsets [-16, 0] do not hold shape [2, 2]" },
        { "offsets not matching the shape", Safetensors("""{"w": {"dtype": "F32", "shape": [3, 3], "data_offsets": [0, 16]}}""", 16), "do not hold shape [3, 3]" },
        { "unknown dtype", Safetensors("""{"w": {"dtype": "Q7", "shape": [2, 2], "data_offsets": [0, 16]}}""", 16), "tensor 'w' has the unsupported dtype 'Q7'" },
        { "dtype missing", Safetensors("""{"w": {"shape": [2, 2], "data_offsets": [0, 16]}}""", 16), "tensor 'w' has no valid dtype, shape and data_offsets" },
        { "shape of strings", Safetensors("""{"w": {"dtype": "F32", "shape": ["two"], "data_offsets": [0, 16]}}""", 16), "tensor 'w' has no valid dtype" },
        { "overlapping tensors", Safetensors("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}""", 12), "overlapping or gapped tensors" },
        { "bytes after the tensors", Safetensors(OneTensor, 32), "the data has 32 bytes but its tensors cover 16" },
        { "metadata not strings", Safetensors("""{"__metadata__": {"format": 7}, "w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 16]}}""", 16), "__metadata__ 'format' is not a string" },
    };

    [Theory]
    [MemberData(nameof(BadSafetensors))]
    public void A_malformed_safetensors_file_is_refused_naming_the_file_and_the_problem(string what, byte[] content, string fragment)
    {
        File.WriteAllBytes(WeightsPath, content);

        var error = Assert.Throws<InvalidDataException>(() => SafetensorsFile.Read(WeightsPath));

        Assert.StartsWith($"{WeightsPath} is not a valid safetensors file: ", error.Message);
        Assert.True(error.Message.Contains(fragment, StringComparison.Ordinal), $"{what}: {error.Message}");
    }

    [Fact]
    public void A_checkpoint_whose_weights_file_is_truncated_is_refused_naming_it_and_the_model_is_untouched()
    {
        var folder = Path.Combine(_temp.Path, "checkpoint");
        using (SmallCheckpoints.WriteBert(folder))
        {
        }

        var weights = CheckpointFolder.WeightsFile(folder);
        var bytes = File.ReadAllBytes(weights);
        File.WriteAllBytes(weights, bytes[..(bytes.Length / 2)]);
        using var model = AdapterModels.Base();
        var before = SmallCheckpoints.Snapshot(model);

        var error = Assert.Throws<CheckpointException>(() => CheckpointWeights.Load(model, weights));

        Assert.Contains(weights, error.Message);
        Assert.All(model.named_parameters(), p => Assert.True(p.parameter.allclose(before[p.name], rtol: 0, atol: 0), $"{p.name} changed"));
    }

    [Fact]
    public void An_adapter_folder_without_adapter_config_json_names_the_missing_file()
    {
        var folder = SavedAdapter();
        File.Delete(Path.Combine(folder, PeftAdapterConfig.FileName));
        using var model = AdapterModels.Base();

        var error = Assert.Throws<FileNotFoundException>(() => PeftAdapterLoader.Load(model, folder));

        Assert.Contains($"has no {PeftAdapterConfig.FileName}", error.Message);
        Assert.Empty(LoraInjector.Adapters(model));
    }

    [Theory]
    [InlineData("{ \"r\": 4, ", "not a LoRA adapter config")]
    [InlineData("[]", "not a LoRA adapter config")]
    [InlineData("null", "not a LoRA adapter config")]
    [InlineData("{ \"r\": \"four\", \"lora_alpha\": 8, \"target_modules\": [\"query\"] }", "not a LoRA adapter config")]
    [InlineData("{ \"lora_alpha\": 8, \"target_modules\": [\"query\"] }", "not a LoRA adapter config")]
    [InlineData("{ \"r\": 0, \"lora_alpha\": 8, \"target_modules\": [\"query\"] }", "r must be at least 1 (got 0)")]
    [InlineData("{ \"r\": 4, \"lora_alpha\": 8, \"target_modules\": [] }", "target_modules is empty")]
    [InlineData("{ \"r\": 4, \"lora_alpha\": 8, \"target_modules\": [\"nowhere\"] }", "match no linear layer of the model")]
    public void A_bad_adapter_config_is_refused_naming_the_config_file_and_the_model_is_untouched(string json, string fragment)
    {
        var folder = SavedAdapter();
        var configPath = Path.Combine(folder, PeftAdapterConfig.FileName);
        File.WriteAllText(configPath, json);

        var error = AssertRefusedUntouched(folder);

        Assert.StartsWith(configPath, error.Message);
        Assert.Contains(fragment, error.Message);
    }

    [Fact]
    public void A_config_whose_rank_differs_from_the_saved_weights_is_refused_naming_the_tensor_and_both_shapes()
    {
        var folder = SavedAdapter();
        var configPath = Path.Combine(folder, PeftAdapterConfig.FileName);
        File.WriteAllText(configPath, File.ReadAllText(configPath).Replace("\"r\": 4", "\"r\": 8", StringComparison.Ordinal));

        var error = AssertRefusedUntouched(folder);

        Assert.Contains(Path.Combine(folder, PeftAdapter.WeightsFileName), error.Message);
        Assert.Contains($"the tensor '{QueryA}' is", error.Message);
        Assert.Contains("[4, 32]; the model needs a floating-point [8, 32]", error.Message);
    }

    [Fact]
    public void An_adapter_weights_file_that_is_empty_is_refused_naming_it()
    {
        var folder = SavedAdapter();
        var weights = Path.Combine(folder, PeftAdapter.WeightsFileName);
        File.WriteAllBytes(weights, []);

        var error = AssertRefusedUntouched(folder);

        Assert.StartsWith($"{weights} is not a valid safetensors file", error.Message);
    }

    [Theory]
    [InlineData("../../escaped.txt")]
    [InlineData("adapter/../../escaped.txt")]
    [InlineData("/tmp/labportal-hostile-absolute.txt")]
    public void An_archive_entry_that_climbs_out_of_the_folder_refuses_the_whole_archive_and_writes_nothing(string entryName)
    {
        var zip = Path.Combine(_temp.Path, "adapter.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using (var writer = new StreamWriter(archive.CreateEntry(PeftAdapterConfig.FileName).Open()))
            {
                writer.Write("{}");
            }

            using (var writer = new StreamWriter(archive.CreateEntry(entryName).Open()))
            {
                writer.Write("pwned");
            }
        }

        var target = Path.Combine(_temp.Path, "a", "b", "unpacked");
        Directory.CreateDirectory(target);

        var error = Assert.Throws<InvalidDataException>(() => AdapterArchive.Extract(zip, target));

        Assert.Contains($"{zip}: the entry '{entryName}' would be written outside the folder", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
        Assert.False(File.Exists(Path.Combine(_temp.Path, "a", "escaped.txt")));
        Assert.False(File.Exists("/tmp/labportal-hostile-absolute.txt"));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x00 })]
    public void An_archive_that_is_not_a_zip_is_refused_naming_it(byte[] content)
    {
        var zip = Path.Combine(_temp.Path, "adapter.zip");
        File.WriteAllBytes(zip, content);
        var target = Directory.CreateDirectory(Path.Combine(_temp.Path, "unpacked")).FullName;

        var error = Assert.Throws<InvalidDataException>(() => AdapterArchive.Extract(zip, target));

        Assert.StartsWith($"{zip} is not a zip archive", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [Fact]
    public void A_well_formed_archive_unpacks_into_its_folder()
    {
        var source = SavedAdapter();
        var zip = Path.Combine(_temp.Path, "good.zip");
        ZipFile.CreateFromDirectory(source, zip);
        var target = Path.Combine(_temp.Path, "unpacked");

        AdapterArchive.Extract(zip, target);

        using var model = AdapterModels.Base();
        Assert.Equal(4, PeftAdapterLoader.Load(model, target).R);
    }

    private string SavedAdapter()
    {
        var folder = Path.Combine(_temp.Path, "adapter");
        using var trained = AdapterModels.Trained(AdapterModels.Settings());
        PeftAdapter.Save(trained, AdapterModels.Settings(), "small-bert", folder);
        return folder;
    }

    private static InvalidDataException AssertRefusedUntouched(string folder)
    {
        using var model = AdapterModels.Base();
        var before = SmallCheckpoints.Snapshot(model);

        var error = Assert.Throws<InvalidDataException>(() => PeftAdapterLoader.Load(model, folder));

        Assert.Empty(LoraInjector.Adapters(model));
        Assert.All(model.named_parameters(), p => Assert.True(p.parameter.allclose(before[p.name], rtol: 0, atol: 0), $"{p.name} changed"));
        return error;
    }
}
