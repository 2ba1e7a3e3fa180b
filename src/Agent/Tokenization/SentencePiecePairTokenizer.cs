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

    private SentencePiecePairTokenizer(MlSentencePiece tokenizer, SpecialTokens special, PairLayout layout)
    {
        _tokenizer = tokenizer;
        Special = special;
        PairLayout = layout;
        VocabularySize = tokenizer.Vocabulary.Values.Max() + 1;
    }

    public int VocabularySize { get; }

    public SpecialTokens Special { get; }

    public PairLayout PairLayout { get; }

    /// <summary>The model's beginning-of-sentence id (Llama 2's &lt;s&gt;).</summary>
    public int BeginId => _tokenizer.BeginningOfSentenceId;

    public IReadOnlyList<int> Tokenize(string text) =>
        _tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false);

    /// <summary>The id of a piece of the model's vocabulary (a special token named in tokenizer_config.json), or null.</summary>
    public static int? IdOf(MlSentencePiece tokenizer, string? piece) =>
        piece is not null && tokenizer.Vocabulary.TryGetValue(piece, out var id) ? id : null;

    /// <summary>Reads the model file; a file that is no SentencePiece model is an error naming it.</summary>
    public static MlSentencePiece Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
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
    /// A decoder's (Llama 2, Mistral): the pair in a <see cref="DecoderPrompt"/> after the model's BOS. Each piece of the
    /// prompt is tokenized on its own, so it starts with SentencePiece's dummy-prefix space as a text does.
    /// </summary>
    public static SentencePiecePairTokenizer ForDecoder(MlSentencePiece tokenizer, int padId, int endId)
    {
        var begin = tokenizer.BeginningOfSentenceId;
        var special = new SpecialTokens(Pad: padId, Unknown: tokenizer.UnknownId, Classify: begin, Separator: endId);
        var prompt = DecoderPrompt.For(text => tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false), begin);
        return new SentencePiecePairTokenizer(tokenizer, special, PairLayout.Decoder(prompt));
    }
}
