using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Packaged;

/// <summary>
/// A pretrained encoder's config and weights as CPU tensors under Hugging Face names (<c>bert.…</c>, PyTorch
/// shapes). Owns the tensors.
/// </summary>
public sealed class PackagedCheckpoint(BertConfig config, IReadOnlyDictionary<string, Tensor> tensors) : IDisposable
{
    public BertConfig Config { get; } = config;

    public IReadOnlyDictionary<string, Tensor> Tensors { get; } = tensors;

    public void Dispose()
    {
        foreach (var tensor in Tensors.Values)
        {
            tensor.Dispose();
        }
    }
}
