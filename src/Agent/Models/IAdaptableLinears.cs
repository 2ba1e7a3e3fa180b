using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>
/// A module whose linear layers LoRA may take the place of, like Python's <c>setattr(parent, name, lora_layer)</c>.
/// TorchSharp keeps a child both in a field (which forward() calls) and in the module's registry of children (names,
/// parameters, state dicts), so the module swaps both itself, through the registry TorchSharp gives subclasses.
/// </summary>
public interface IAdaptableLinears
{
    /// <summary>Puts <paramref name="replacement"/> where the linear layer registered as <paramref name="name"/> is.</summary>
    void ReplaceLinear(string name, Module<Tensor, Tensor> replacement);
}
