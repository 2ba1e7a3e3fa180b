using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>The BERT encoder: embeddings, encoder and an optional pooler (applied by the pair head, not here).</summary>
public sealed class BertModel : Module<Tensor, Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "embeddings")]
    private readonly BertEmbeddings _embeddings;

    [ComponentName(Name = "encoder")]
    private readonly BertEncoder _encoder;

    [ComponentName(Name = "pooler")]
    private readonly BertPooler? _pooler;

    public BertModel(BertConfig config) : base(nameof(BertModel))
    {
        Config = config;
        _embeddings = new BertEmbeddings(config);
        _encoder = new BertEncoder(config);
        _pooler = config.AddPoolingLayer ? new BertPooler(config) : null;
        RegisterComponents();
    }

    public BertConfig Config { get; }

    /// <summary>Dense + tanh on [CLS], when the checkpoint has one; the pair head decides whether to use it.</summary>
    public BertPooler? Pooler => _pooler;

    /// <param name="inputIds">(B, T) token ids.</param>
    /// <param name="tokenTypeIds">(B, T) segment ids.</param>
    /// <param name="attentionMask">(B, T): 1 for real tokens, 0 for padding.</param>
    /// <returns>The last hidden states (B, T, C).</returns>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds, Tensor attentionMask)
    {
        using var embedded = _embeddings.call(inputIds, tokenTypeIds);         // (B, T, C)
        using var additiveMask = AdditiveMask(attentionMask, embedded.dtype);  // (B, 1, 1, T)
        return _encoder.call(embedded, additiveMask);                          // (B, T, C)
    }

    /// <summary>Turns a 1/0 padding mask into one added to attention scores: 0 keeps a key, the dtype's minimum drops it.</summary>
    private static Tensor AdditiveMask(Tensor attentionMask, ScalarType dtype)
    {
        using var keep = attentionMask.unsqueeze(1).unsqueeze(2).to_type(dtype); // (B, 1, 1, T)
        using var dropped = keep.SubtractedFrom(1.0);
        return dropped.Times(finfo(dtype).min);
    }
}
