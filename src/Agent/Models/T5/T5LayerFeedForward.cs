using TorchSharp.Modules;
using TorchSharp.Utils;
using LabPortal.Agent.Models.Llama;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.T5;

/// <summary>A block's second sub-layer (Hugging Face's T5LayerFF): x + dropout(feed-forward(norm(x))).</summary>
public sealed class T5LayerFeedForward : Module<Tensor, Tensor>
{
    [ComponentName(Name = "DenseReluDense")]
    private readonly T5DenseFeedForward _feedForward;

    [ComponentName(Name = "layer_norm")]
    private readonly RmsNorm _norm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    public T5LayerFeedForward(T5Config config) : base(nameof(T5LayerFeedForward))
    {
        _feedForward = new T5DenseFeedForward(config);
        _norm = new RmsNorm(config.ModelDim, config.LayerNormEps);
        _dropout = Dropout(config.DropoutRate);
        RegisterComponents();
    }

    /// <param name="hidden">(B, T, C)</param>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return hidden.Plus(_dropout.call(_feedForward.call(_norm.call(hidden)))).MoveToOuterDisposeScope();
    }
}
