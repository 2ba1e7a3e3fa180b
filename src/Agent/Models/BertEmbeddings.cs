using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models;

/// <summary>Word + position + token-type embeddings, then LayerNorm and dropout.</summary>
public sealed class BertEmbeddings : Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "word_embeddings")]
    private readonly Embedding _wordEmbeddings;

    [ComponentName(Name = "position_embeddings")]
    private readonly Embedding _positionEmbeddings;

    [ComponentName(Name = "token_type_embeddings")]
    private readonly Embedding _tokenTypeEmbeddings;

    [ComponentName(Name = "LayerNorm")]
    private readonly LayerNorm _layerNorm;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    private readonly bool _positionsAfterPadding;
    private readonly long _padTokenId;

    public BertEmbeddings(BertConfig config) : base(nameof(BertEmbeddings))
    {
        _wordEmbeddings = Embedding(config.VocabSize, config.HiddenSize, padding_idx: config.PadTokenId);
        _positionEmbeddings = Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        _tokenTypeEmbeddings = Embedding(config.TypeVocabSize, config.HiddenSize);
        _layerNorm = LayerNorm(config.HiddenSize, config.LayerNormEps);
        _dropout = Dropout(config.HiddenDropoutProb);
        _positionsAfterPadding = config.Family == EncoderFamily.Roberta;
        _padTokenId = config.PadTokenId;
        RegisterComponents();
    }

    /// <param name="inputIds">(B, T) token ids.</param>
    /// <param name="tokenTypeIds">(B, T) segment ids.</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor inputIds, Tensor tokenTypeIds)
    {
        using var positions = PositionIds(inputIds);                                                        // (1 or B, T)
        using var words = _wordEmbeddings.call(inputIds);                                                   // (B, T, C)
        using var positionVectors = _positionEmbeddings.call(positions);                                    // (1 or B, T, C)
        using var types = _tokenTypeEmbeddings.call(tokenTypeIds);                                          // (B, T, C)
        using var wordsAndPositions = words.Plus(positionVectors);
        using var sum = wordsAndPositions.Plus(types);
        using var normed = _layerNorm.NormalizeInWeightType(sum);
        return _dropout.call(normed);
    }

    /// <summary>BERT: 0 … T-1 for every row. RoBERTa: real tokens count from pad + 1, padding stays at pad.</summary>
    private Tensor PositionIds(Tensor inputIds)
    {
        if (!_positionsAfterPadding)
        {
            return arange(inputIds.shape[1], dtype: ScalarType.Int64, device: inputIds.device).unsqueeze(0); // (1, T)
        }

        using var padId = _padTokenId.ToScalar();                                                           // kept alive (ScalarMath)
        using var real = inputIds.ne(padId).to_type(ScalarType.Int64);                                      // (B, T)
        using var counted = real.cumsum(1);
        using var realOnly = counted * real;
        return realOnly + _padTokenId;                                                                      // (B, T)
    }
}
