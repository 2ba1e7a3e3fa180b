using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>The second half of the feed-forward block: narrow back, dropout, residual and LayerNorm.</summary>
public sealed class BertOutput : Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "dense")]
    private readonly Linear _dense;

    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm _layerNorm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    public BertOutput(BertConfig config) : base(nameof(BertOutput))
    {
        _dense = Linear(config.IntermediateSize, config.HiddenSize);
        _layerNorm = LayerNorm(config.HiddenSize, config.LayerNormEps);
        _dropout = Dropout(config.HiddenDropoutProb);
        RegisterComponents();
    }

    /// <param name="intermediate">(B, T, I)</param>
    /// <param name="residual">(B, T, C) the input of the feed-forward block.</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor intermediate, Tensor residual)
    {
        using var projected = _dense.call(intermediate);
        using var dropped = _dropout.call(projected);
        using var sum = dropped + residual;
        return _layerNorm.call(sum);
    }
}
