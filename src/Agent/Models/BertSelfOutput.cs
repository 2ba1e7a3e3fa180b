using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>Projects the attention context back, then dropout, residual and LayerNorm.</summary>
public sealed class BertSelfOutput : Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "dense")]
    private readonly Linear _dense;

    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm _layerNorm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    public BertSelfOutput(BertConfig config) : base(nameof(BertSelfOutput))
    {
        _dense = Linear(config.HiddenSize, config.HiddenSize);
        _layerNorm = LayerNorm(config.HiddenSize, config.LayerNormEps);
        _dropout = Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    /// <param name="context">(B, T, C) attention output.</param>
    /// <param name="residual">(B, T, C) the layer's input.</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor context, Tensor residual)
    {
        using var projected = _dense.call(context);
        using var dropped = _dropout.call(projected);
        using var sum = dropped + residual;
        return _layerNorm.call(sum);
    }
}
