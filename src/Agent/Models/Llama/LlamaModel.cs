using LabPortal.Agent.Models.Decoders;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.Llama;

/// <summary>The decoder: token embeddings, the layers and a final RMSNorm (Hugging Face's LlamaModel, <c>model.</c> in a checkpoint).</summary>
public sealed class LlamaModel : Module<Tensor, Tensor, Tensor>, ICheckpointedLayers
{
    [ComponentName(Name = "embed_tokens")]
    private readonly Embedding _embedTokens;

    [ComponentName(Name = "layers")]
    private readonly ModuleList<LlamaDecoderLayer> _layers;

    [ComponentName(Name = "norm")]
    private readonly RmsNorm _norm;

    private readonly double[] _inverseFrequencies;

    public LlamaModel(LlamaConfig config) : base(nameof(LlamaModel))
    {
        Config = config;
        _embedTokens = Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.EmbeddingPaddingId);
        _layers = ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new LlamaDecoderLayer(config)).ToArray());
        _norm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        _inverseFrequencies = RotaryEmbedding.InverseFrequencies(config.HeadDim, config.Rope);
        RegisterComponents();
    }

    /// <summary>Recompute each layer's activations in backward (training.gradientCheckpointing).</summary>
    public bool CheckpointLayers { get; set; }

    public LlamaConfig Config { get; }

    /// <param name="inputIds">(B, T) token ids, padded on the right.</param>
    /// <param name="attentionMask">(B, T): 1 for real tokens, 0 for padding.</param>
    /// <returns>The final hidden states (B, T, C), after the last norm.</returns>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var hidden = _embedTokens.call(inputIds);
        var (cos, sin) = RotaryEmbedding.Angles(inputIds.shape[1], _inverseFrequencies, inputIds.device);
        var mask = CausalMask.Additive(attentionMask, hidden.dtype, Config.SlidingWindow);
        foreach (var layer in _layers)
        {
            hidden = CheckpointLayers && training && is_grad_enabled()
                ? LayerCheckpoint.Run((h, c) => layer.call(h, c[0], c[1], c[2]), hidden, cos, sin, mask)
                : layer.call(hidden, cos, sin, mask);
        }

        return _norm.call(hidden).MoveToOuterDisposeScope();
    }
}
