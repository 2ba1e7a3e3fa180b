using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.T5;

/// <summary>
/// Hugging Face's T5EncoderModel: the <c>shared</c> token embeddings and the <c>encoder</c> stack. A full T5 checkpoint
/// holds the same two (plus a decoder and LM head, which are not read).
/// </summary>
public sealed class T5EncoderModel : Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "shared")]
    private readonly Embedding _shared;

    [ComponentName(Name = "encoder")]
    private readonly T5Stack _encoder;

    public T5EncoderModel(T5Config config) : base(nameof(T5EncoderModel))
    {
        Config = config;
        _shared = Embedding(config.VocabSize, config.ModelDim);
        _encoder = new T5Stack(config);
        RegisterComponents();
    }

    public T5Config Config { get; }

    /// <param name="inputIds">(B, T) token ids, padded on the right.</param>
    /// <param name="attentionMask">(B, T): 1 for real tokens, 0 for padding.</param>
    /// <returns>(B, T, C) final states.</returns>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        using var embedded = _shared.call(inputIds);
        return _encoder.call(embedded, attentionMask);
    }
}
