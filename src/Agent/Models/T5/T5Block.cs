using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.T5;

/// <summary>One encoder block: <c>layer.0</c> self-attention, then <c>layer.1</c> feed-forward, each pre-norm with a residual.</summary>
public sealed class T5Block : Module<Tensor, Tensor, Tensor>
{
    // Hugging Face's "layer" list of two different sub-layers; the only field, so nothing else registers under a field name.
    [ComponentName(Name = "layer")]
    private readonly ModuleList<Module> _layers;

    public T5Block(T5Config config, bool hasRelativeBias) : base(nameof(T5Block))
    {
        _layers = new ModuleList<Module>(new T5LayerSelfAttention(config, hasRelativeBias), new T5LayerFeedForward(config));
        RegisterComponents();
    }

    private T5LayerSelfAttention SelfAttention => (T5LayerSelfAttention)_layers[0];

    private T5LayerFeedForward FeedForward => (T5LayerFeedForward)_layers[1];

    public T5Attention Attention => SelfAttention.Attention;

    /// <param name="hidden">(B, T, C)</param>
    /// <param name="bias">(B, H, T, T) position bias and padding mask, shared by every block.</param>
    public override Tensor forward(Tensor hidden, Tensor bias)
    {
        using var attended = SelfAttention.call(hidden, bias);
        return FeedForward.call(attended);
    }
}
