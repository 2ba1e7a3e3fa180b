using TorchSharp.Modules;
using TorchSharp.Utils;
using LabPortal.Agent.Models.Llama;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.T5;

/// <summary>A block's first sub-layer (Hugging Face's T5LayerSelfAttention): x + dropout(attention(norm(x))).</summary>
public sealed class T5LayerSelfAttention : Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "SelfAttention")]
    private readonly T5Attention _attention;

    [ComponentName(Name = "layer_norm")]
    private readonly RmsNorm _norm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    public T5LayerSelfAttention(T5Config config, bool hasRelativeBias) : base(nameof(T5LayerSelfAttention))
    {
        _attention = new T5Attention(config, hasRelativeBias);
        _norm = new RmsNorm(config.ModelDim, config.LayerNormEps);
        _dropout = Dropout(config.DropoutRate);
        RegisterComponents();
    }

    public T5Attention Attention => _attention;

    /// <param name="hidden">(B, T, C)</param>
    /// <param name="bias">(B, H, T, T) position bias and padding mask.</param>
    public override Tensor forward(Tensor hidden, Tensor bias)
    {
        using var scope = NewDisposeScope();
        return hidden.Plus(_dropout.call(_attention.call(_norm.call(hidden), bias))).MoveToOuterDisposeScope();
    }
}
