using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.T5;

/// <summary>One encoder block: <c>layer.0</c> self-attention, then <c>layer.1</c> feed-forward, each pre-norm with a residual.</summary>
public sealed class T5Block : Module<Tensor, Tensor, Tensor>
{
    // Registered by hand as Hugging Face's "layer" list; RegisterComponents would also register the typed fields.
    private readonly T5LayerSelfAttention _selfAttention;
    private readonly T5LayerFeedForward _feedForward;

    public T5Block(T5Config config, bool hasRelativeBias) : base(nameof(T5Block))
    {
        _selfAttention = new T5LayerSelfAttention(config, hasRelativeBias);
        _feedForward = new T5LayerFeedForward(config);
        register_module("layer", new ModuleList<Module>(_selfAttention, _feedForward));
    }

    public T5Attention Attention => _selfAttention.Attention;

    /// <param name="hidden">(B, T, C)</param>
    /// <param name="bias">(B, H, T, T) position bias and padding mask, shared by every block.</param>
    public override Tensor forward(Tensor hidden, Tensor bias)
    {
        using var attended = _selfAttention.call(hidden, bias);
        return _feedForward.call(attended);
    }
}
