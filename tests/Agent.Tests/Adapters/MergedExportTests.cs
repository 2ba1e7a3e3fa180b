using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Tests.Models.Checkpoints;
using TorchSharp;

namespace LabPortal.Agent.Tests.Adapters;

public sealed class MergedExportTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_LoRA_model_exports_merged_as_a_plain_checkpoint_that_loads_back_with_the_same_logits(bool decomposition)
    {
        var folder = Path.Combine(_temp.Path, "merged");
        using var trained = AdapterModels.Trained(AdapterModels.Settings(decomposition));
        using var before = AdapterModels.Logits(trained);

        CheckpointWriter.Write(trained, SmallCheckpoints.WordPiece(), folder);

        using var loaded = new ModelCatalogue([]).Create(folder, seed: 99, torch.CPU);
        using var reloaded = AdapterModels.Logits(loaded.Bert);
        using var after = AdapterModels.Logits(trained);
        Assert.True(before.allclose(reloaded, rtol: 0, atol: 1e-5), $"max diff {(before - reloaded).abs().max().item<float>()}");
        Assert.True(before.allclose(after, rtol: 0, atol: 1e-6), "the exported model keeps working unmerged");
        using var tensors = new TensorBag(SafetensorsFile.Read(Path.Combine(folder, "model.safetensors")).Tensors);
        Assert.DoesNotContain(tensors.Tensors.Keys, k => k.Contains("lora_", StringComparison.Ordinal) || k.Contains("base_layer", StringComparison.Ordinal));
        using var plain = AdapterModels.Base();
        Assert.Equal(plain.named_parameters().Select(p => p.name).Order(), tensors.Tensors.Keys.Order());
    }
}
