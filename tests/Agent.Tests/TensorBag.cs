using TorchSharp;

namespace LabPortal.Agent.Tests;

/// <summary>Tensors read in a test, disposed together.</summary>
internal sealed class TensorBag(Dictionary<string, torch.Tensor> tensors) : IDisposable
{
    public Dictionary<string, torch.Tensor> Tensors { get; } = tensors;

    public void Dispose()
    {
        foreach (var tensor in Tensors.Values)
        {
            tensor.Dispose();
        }
    }
}
