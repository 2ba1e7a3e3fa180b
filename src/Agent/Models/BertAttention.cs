using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>Self-attention followed by its output block (Hugging Face's <c>attention.self</c> / <c>attention.output</c>).</summary>
public sealed class BertAttention : Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "self")]
    private readonly BertSelfAttention _self;

    [ComponentName(Name = "output")]
    private readonly BertResidualOutput _output;

    public BertAttention(BertConfig config) : base(nameof(BertAttention))
    {
        _self = new BertSelfAttention(config);
        _output = new BertResidualOutput(config.HiddenSize, config);
        RegisterComponents();
    }

    /// <param name="hidden">(B, T, C)</param>
    /// <param name="additiveMask">(B, 1, 1, T)</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor hidden, Tensor additiveMask)
    {
        using var context = _self.call(hidden, additiveMask);
        return _output.call(context, hidden);
    }
}
