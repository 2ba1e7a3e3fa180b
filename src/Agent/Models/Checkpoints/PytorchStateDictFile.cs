using System.Collections;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>
/// <c>pytorch_model.bin</c>: a state dict saved by <c>torch.save</c> (a zip of a pickle plus one file per tensor),
/// read and written by TorchSharp.PyBridge. The legacy pre-1.6 (non-zip) format is not supported.
/// </summary>
public static class PytorchStateDictFile
{
    public static Dictionary<string, Tensor> Read(string path)
    {
        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Zip, pickle and stream errors all mean the same to a person: this file cannot be used.
            throw new CheckpointException($"{path} is not a readable PyTorch state dict (truncated, corrupt or saved in the legacy format): {exception.Message}", exception);
        }

        var tensors = new Dictionary<string, Tensor>();
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is string name && entry.Value is Tensor tensor)
            {
                tensors[name] = tensor;
            }
        }

        return tensors;
    }

    /// <summary>Writes the tensors as <c>torch.save(state_dict)</c> would (CPU copies).</summary>
    public static void Write(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors)
    {
        var stateDict = tensors.ToDictionary(t => t.Name, t => t.Tensor.detach().cpu().contiguous());
        try
        {
            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write);
            PyTorchPickler.PickleStateDict(stream, stateDict);
        }
        finally
        {
            foreach (var tensor in stateDict.Values)
            {
                tensor.Dispose();
            }
        }
    }
}
