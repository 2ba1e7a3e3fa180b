using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.Llama;

/// <summary>The decoder: token embeddings, the layers and a final RMSNorm (Hugging Face's LlamaModel, <c>model.</c> in a checkpoint).</summary>
public sealed class LlamaModel : Module<Tensor, Tensor, Tensor>
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
        _embedTokens = Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        _layers = ModuleList(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new LlamaDecoderLayer(config)).ToArray());
        _norm = new RmsNorm(config.HiddenSize, config.RmsNormEps);
        _inverseFrequencies = RotaryEmbedding.InverseFrequencies(config.HeadDim, config.Rope);
        RegisterComponents();
    }

    public LlamaConfig Config { get; }

    /// <param name="inputIds">(B, T) token ids, padded on the right.</param>
    /// <param name="attentionMask">(B, T): 1 for real tokens, 0 for padding.</param>
    /// <returns>The final hidden states (B, T, C), after the last norm.</returns>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var scope = NewDisposeScope();
        var hidden = _embedTokens.call(inputIds);
        var (cos, sin) = RotaryEmbedding.Angles(inputIds.shape[1], _inverseFrequencies, inputIds.device);
        var mask = CausalMask(attentionMask, hidden.dtype, Config.SlidingWindow);
        foreach (var layer in _layers)
        {
            hidden = layer.call(hidden, cos, sin, mask);
        }

        return _norm.call(hidden).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// (B, 1, T, T) added to the scores: query i sees key j when j ≤ i, j is a real token and, under a sliding window
    /// W, i − j &lt; W; every other score gets the dtype's minimum.
    /// </summary>
    public static Tensor CausalMask(Tensor attentionMask, ScalarType dtype, int? slidingWindow)
    {
        using var scope = NewDisposeScope();
        var length = attentionMask.shape[1];
        var positions = arange(length, ScalarType.Int64, attentionMask.device);
        var offset = positions.unsqueeze(1) - positions.unsqueeze(0);                    // (T, T): i − j
        using var zero = 0L.ToScalar();                                                   // kept alive during the call (ScalarMath)
        var visible = offset.ge(zero);
        if (slidingWindow is { } window)
        {
            using var windowSize = ((long)window).ToScalar();
            visible = visible.logical_and(offset.lt(windowSize));
        }

        var keys = attentionMask.to_type(ScalarType.Bool).unsqueeze(1).unsqueeze(2);      // (B, 1, 1, T)
        var allowed = visible.unsqueeze(0).unsqueeze(0).logical_and(keys);                // (B, 1, T, T)
        var blocked = allowed.logical_not().to_type(dtype);
        return blocked.Times(finfo(dtype).min).MoveToOuterDisposeScope();
    }
}
