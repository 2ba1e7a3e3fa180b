using static TorchSharp.torch;

namespace LabPortal.Agent.Training.Resume;

/// <summary>The tensors read from a checkpoint's state file, looked up by name (a missing one names the file), disposed together.</summary>
internal sealed class TensorSet(Dictionary<string, Tensor> tensors, string path) : IDisposable
{
    public bool Has(string name) => tensors.ContainsKey(name);

    public Tensor Get(string name) =>
        tensors.TryGetValue(name, out var tensor) ? tensor : throw new InvalidDataException($"{path} has no tensor '{name}': it was written for another model or method.");

    public void Dispose()
    {
        foreach (var tensor in tensors.Values)
        {
            tensor.Dispose();
        }
    }
}
