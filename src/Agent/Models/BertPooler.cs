using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>Dense + tanh on the hidden state of the first token ([CLS]); the pair head picks that state out.</summary>
public sealed class BertPooler : Module<Tensor, Tensor>
{
    [ComponentName(Name = "dense")]
    private readonly Linear _dense;

    public BertPooler(BertConfig config) : base(nameof(BertPooler))
    {
        _dense = Linear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    /// <param name="first">(B, C): the first token's final state.</param>
    /// <returns>(B, C)</returns>
    public override Tensor forward(Tensor first)
    {
        using var projected = _dense.call(first);
        return projected.tanh();
    }
}
