using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>The stack of layers, named <c>layer.0</c>, <c>layer.1</c>, … as in Hugging Face.</summary>
public sealed class BertEncoder : Module<Tensor, Tensor, Tensor>, ICheckpointedLayers
{
    [ComponentName(Name = "layer")]
    private readonly ModuleList<BertLayer> _layers;

    public BertEncoder(BertConfig config) : base(nameof(BertEncoder))
    {
        _layers = ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new BertLayer(config)).ToArray());
        RegisterComponents();
    }

    /// <summary>Recompute each layer's activations in backward (training.gradientCheckpointing).</summary>
    public bool CheckpointLayers { get; set; }

    /// <param name="hidden">(B, T, C)</param>
    /// <param name="additiveMask">(B, 1, 1, T)</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor hidden, Tensor additiveMask)
    {
        var current = hidden;
        foreach (var layer in _layers)
        {
            var next = CheckpointLayers && training && is_grad_enabled()
                ? LayerCheckpoint.Run((h, c) => layer.call(h, c[0]), current, additiveMask)
                : layer.call(current, additiveMask);
            if (!ReferenceEquals(current, hidden))
            {
                current.Dispose(); // intermediate layer outputs are not needed after the next layer ran
            }

            current = next;
        }

        return ReferenceEquals(current, hidden) ? hidden.alias() : current;
    }
}
