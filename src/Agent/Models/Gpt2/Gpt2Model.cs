using LabPortal.Agent.Models.Decoders;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.Gpt2;

/// <summary>GPT-2's body (Hugging Face's GPT2Model, <c>transformer.</c> in a checkpoint): token + learned position embeddings, blocks, ln_f.</summary>
public sealed class Gpt2Model : Module<Tensor, Tensor, Tensor>, ICheckpointedLayers
{
    [ComponentName(Name = "wte")]
    private readonly Embedding _tokens;

    [ComponentName(Name = "wpe")]
    private readonly Embedding _positions;

    [ComponentName(Name = "drop")]
    private readonly Dropout _dropout;

    [ComponentName(Name = "h")]
    private readonly ModuleList<Gpt2Block> _blocks;

    [ComponentName(Name = "ln_f")]
    private readonly LayerNorm _finalNorm;

    private readonly int _maxPositions;

    public Gpt2Model(Gpt2Config config) : base(nameof(Gpt2Model))
    {
        _tokens = Embedding(config.VocabSize, config.HiddenSize);
        _positions = Embedding(config.MaxPositions, config.HiddenSize);
        _dropout = Dropout(config.EmbeddingDropout);
        _blocks = ModuleList(Enumerable.Range(0, config.NumLayers).Select(_ => new Gpt2Block(config)).ToArray());
        _finalNorm = LayerNorm(config.HiddenSize, config.LayerNormEps);
        _maxPositions = config.MaxPositions;
        RegisterComponents();
    }

    /// <summary>Recompute each layer's activations in backward (training.gradientCheckpointing).</summary>
    public bool CheckpointLayers { get; set; }

    /// <param name="inputIds">(B, T), padded on the right.</param>
    /// <param name="attentionMask">(B, T): 1 for real tokens, 0 for padding.</param>
    /// <returns>(B, T, C) after ln_f.</returns>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        var length = inputIds.shape[1];
        if (length > _maxPositions)
        {
            throw new ArgumentException($"A sequence of {length} tokens is longer than GPT-2's {_maxPositions} positions (n_positions); lower training.maxLength.");
        }

        using var scope = NewDisposeScope();
        var positions = arange(length, ScalarType.Int64, inputIds.device).unsqueeze(0);
        var hidden = _dropout.call(_tokens.call(inputIds).Plus(_positions.call(positions)));
        var mask = CausalMask.Additive(attentionMask, hidden.dtype, slidingWindow: null);
        foreach (var block in _blocks)
        {
            hidden = CheckpointLayers && training && is_grad_enabled()
                ? LayerCheckpoint.Run((h, c) => block.call(h, c[0]), hidden, mask)
                : block.call(hidden, mask);
        }

        return _finalNorm.NormalizeInWeightType(hidden).MoveToOuterDisposeScope();
    }
}
