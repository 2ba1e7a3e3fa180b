using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>One transformer layer: attention, then the feed-forward block.</summary>
public sealed class BertLayer : Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "attention")]
    private readonly BertAttention _attention;

    [ComponentName(Name = "intermediate")]
    private readonly BertIntermediate _intermediate;

    [ComponentName(Name = "output")]
    private readonly BertResidualOutput _output;

    public BertLayer(BertConfig config) : base(nameof(BertLayer))
    {
        _attention = new BertAttention(config);
        _intermediate = new BertIntermediate(config);
        _output = new BertResidualOutput(config.IntermediateSize, config);
        RegisterComponents();
    }

    /// <param name="hidden">(B, T, C)</param>
    /// <param name="additiveMask">(B, 1, 1, T)</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor hidden, Tensor additiveMask)
    {
        using var attended = _attention.call(hidden, additiveMask);
        using var widened = _intermediate.call(attended);
        return _output.call(widened, attended);
    }
}
