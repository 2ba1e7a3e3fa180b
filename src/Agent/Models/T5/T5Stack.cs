using LabPortal.Agent.Models.Llama;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.T5;

/// <summary>
/// The encoder stack (Hugging Face's T5Stack, <c>encoder.</c> in a checkpoint): the blocks, then the final norm. Its
/// token embeddings are the model's <c>shared</c> table, so the stack takes embedded tokens rather than holding them.
/// </summary>
public sealed class T5Stack : Module<Tensor, Tensor, Tensor>, ICheckpointedLayers
{
    [ComponentName(Name = "block")]
    private readonly ModuleList<T5Block> _blocks;

    [ComponentName(Name = "final_layer_norm")]
    private readonly RmsNorm _finalNorm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    public T5Stack(T5Config config) : base(nameof(T5Stack))
    {
        _blocks = ModuleList(Enumerable.Range(0, config.NumLayers).Select(i => new T5Block(config, hasRelativeBias: i == 0)).ToArray());
        _finalNorm = new RmsNorm(config.ModelDim, config.LayerNormEps);
        _dropout = Dropout(config.DropoutRate);
        RegisterComponents();
    }

    /// <summary>Recompute each block's activations in backward (training.gradientCheckpointing).</summary>
    public bool CheckpointLayers { get; set; }

    /// <param name="embedded">(B, T, C) token embeddings.</param>
    /// <param name="attentionMask">(B, T): 1 for real tokens, 0 for padding.</param>
    /// <returns>(B, T, C) final states.</returns>
    public override Tensor forward(Tensor embedded, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var hidden = _dropout.call(embedded);
        // The first block's relative bias, with the padded keys masked, serves every block.
        var padding = attentionMask.to_type(hidden.dtype).SubtractedFrom(1).Times(finfo(hidden.dtype).min).unsqueeze(1).unsqueeze(2);   // (B, 1, 1, T)
        var bias = _blocks[0].Attention.PositionBias(hidden.shape[1], hidden.device).Plus(padding);                                     // (B, H, T, T)
        foreach (var block in _blocks)
        {
            hidden = CheckpointLayers && training && is_grad_enabled()
                ? LayerCheckpoint.Run((h, c) => block.call(h, c[0]), hidden, bias)
                : block.call(hidden, bias);
        }

        return _dropout.call(_finalNorm.call(hidden)).MoveToOuterDisposeScope();
    }
}
