using MlSentencePiece = Microsoft.ML.Tokenizers.SentencePieceTokenizer;

namespace LabPortal.Agent.Tokenization;

/// <summary>
/// A SentencePiece <c>tokenizer.model</c> (or T5's <c>spiece.model</c>) through Microsoft.ML.Tokenizers: BPE models
/// (Llama 2, Mistral) and Unigram models (T5) alike. Texts are tokenized without BOS or EOS; the pair layout adds what
/// the model needs — T5's <c>a &lt;/s&gt; b &lt;/s&gt;</c>, or a decoder's prompt after its BOS.
/// </summary>
public sealed class SentencePiecePairTokenizer : ITokenizer
{
    private readonly MlSentencePiece _tokenizer;

    private readonly bool _spaceIsDummyPrefix;

    private SentencePiecePairTokenizer(MlSentencePiece tokenizer, SpecialTokens special, PairLayout layout, bool spaceIsDummyPrefix = false)
    {
        _tokenizer = tokenizer;
        Special = special;
        PairLayout = layout;
        VocabularySize = tokenizer.Vocabulary.Values.Max() + 1;
        _spaceIsDummyPrefix = spaceIsDummyPrefix;
    }

    public int VocabularySize { get; }

    public SpecialTokens Special { get; }

    public PairLayout PairLayout { get; }

    /// <summary>
    /// A text's ids without BOS or EOS. In a decoder's prompt a text comes after a space (<see cref="DecoderPrompt.Spaced"/>),
    /// which SentencePiece's dummy prefix already stands for, so that space is not encoded a second time.
    /// </summary>
    public IReadOnlyList<int> Tokenize(string text) =>
        _tokenizer.EncodeToIds(_spaceIsDummyPrefix && text.StartsWith(' ') ? text[1..] : text, addBeginningOfSentence: false, addEndOfSentence: false);

    /// <summary>The id of a piece of the model's vocabulary (a special token named in tokenizer_config.json), or null.</summary>
    public static int? IdOf(MlSentencePiece tokenizer, string? piece) =>
        piece is not null && tokenizer.Vocabulary.TryGetValue(piece, out var id) ? id : null;

    /// <summary>Reads a Unigram or BPE model file; a file that is no such model is an error naming it.</summary>
    public static MlSentencePiece Read(string path)
    {
        var model = File.ReadAllBytes(path);
        var spec = SentencePieceModelSpec.Read(model, path);
        if (spec.ModelType is not (SentencePieceModelSpec.Unigram or SentencePieceModelSpec.Bpe))
        {
            throw new InvalidDataException($"{path}: SentencePiece model type {spec.ModelType} is not supported (Unigram, BPE).");
        }

        // Microsoft.ML.Tokenizers 2.0.1 indexes its tables by bos_id even when a model has none (-1, as T5's spiece.model):
        // give it the pad (or unknown) id in its place. Texts are never encoded with BOS here, so it is never emitted.
        if (spec.BeginId < 0)
        {
            model = SentencePieceModelSpec.WithBeginId(model, spec.PadId >= 0 ? spec.PadId : spec.UnknownId);
        }

        try
        {
            using var stream = new MemoryStream(model);
            return MlSentencePiece.Create(stream, addBeginningOfSentence: false, addEndOfSentence: false);
        }
        catch (Exception exception) when (exception is not IOException and not UnauthorizedAccessException)
        {
            throw new InvalidDataException($"{path} is not a SentencePiece model this tokenizer reads ({exception.Message}).", exception);
        }
    }

    /// <summary>T5's encoding: no classify token, end-of-sequence after each text, padding with <paramref name="padId"/> (0).</summary>
    public static SentencePiecePairTokenizer ForT5(MlSentencePiece tokenizer, int padId, int endId) =>
        new(tokenizer, new SpecialTokens(Pad: padId, Unknown: tokenizer.UnknownId, Classify: null, Separator: endId), PairLayout.T5);

    /// <summary>
    /// A decoder's (Llama 2, Mistral): the pair in a <see cref="DecoderPrompt"/>, after BOS when <paramref name="addBegin"/>
    /// (tokenizer_config.json's add_bos_token, true by default). The prompt's labels are tokenized on their own, each
    /// with SentencePiece's dummy-prefix space, the same for training and scoring.
    /// </summary>
    public static SentencePiecePairTokenizer ForDecoder(MlSentencePiece tokenizer, int padId, int endId, bool addBegin)
    {
        int? begin = addBegin ? tokenizer.BeginningOfSentenceId : null;
        var special = new SpecialTokens(Pad: padId, Unknown: tokenizer.UnknownId, Classify: begin ?? endId, Separator: endId);
        var prompt = DecoderPrompt.For(text => tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false), begin);
        return new SentencePiecePairTokenizer(tokenizer, special, PairLayout.Decoder(prompt), spaceIsDummyPrefix: tokenizer.AddDummyPrefix);
    }
}
