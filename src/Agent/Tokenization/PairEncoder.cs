namespace LabPortal.Agent.Tokenization;

/// <summary>
/// Encodes sentence pairs in the tokenizer's <see cref="PairLayout"/> (BERT's, RoBERTa's, T5's or a decoder's prompt)
/// with longest-first truncation, as Hugging Face tokenizers do; a single text (CoLA, SST-2) is <c>[CLS] a [SEP]</c>
/// (T5: <c>a &lt;/s&gt;</c>).
/// </summary>
public sealed class PairEncoder
{
    private readonly ITokenizer _tokenizer;
    private readonly PairLayout _layout;
    private readonly int _maxLength;
    private readonly int _specialTokenCount;

    public PairEncoder(ITokenizer tokenizer, int maxLength)
    {
        _layout = tokenizer.PairLayout;
        _specialTokenCount = _layout.SpecialTokenCount(tokenizer.Special);
        if (maxLength <= _specialTokenCount)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), $"A pair needs more than {_specialTokenCount} tokens (got {maxLength}).");
        }

        _tokenizer = tokenizer;
        _maxLength = maxLength;
    }

    public ITokenizer Tokenizer => _tokenizer;

    public EncodedPair Encode(string first, string? second)
    {
        if (_layout.Prompt is { } prompt)
        {
            return EncodePrompt(prompt, first, second);
        }

        if (second is null)
        {
            return EncodeSingle(first);
        }

        var a = _tokenizer.Tokenize(first);
        var b = _tokenizer.Tokenize(second);
        var (keepA, keepB) = TruncateLongestFirst(a.Count, b.Count, _maxLength - _specialTokenCount);

        var special = _tokenizer.Special;
        var ids = new int[keepA + keepB + _specialTokenCount];
        var types = new int[ids.Length];
        var at = 0;
        if (special.Classify is { } classify)
        {
            ids[at++] = classify;
        }

        for (var i = 0; i < keepA; i++)
        {
            ids[at++] = a[i];
        }

        for (var i = 0; i < _layout.SeparatorsBetween; i++)
        {
            ids[at++] = special.Separator;
        }

        var secondStart = at;
        for (var i = 0; i < keepB; i++)
        {
            types[at] = _layout.SecondSegmentId;
            ids[at++] = b[i];
        }

        types[at] = _layout.SecondSegmentId;
        ids[at] = special.Separator;
        return new EncodedPair(ids, types) { Segments = TextsAt(special, keepA, secondStart, at) };
    }

    private EncodedPair EncodeSingle(string text)
    {
        var tokens = _tokenizer.Tokenize(text);
        var special = _tokenizer.Special;
        var kept = tokens.Take(_maxLength - special.TextStart - 1);
        int[] ids = special.Classify is { } classify ? [classify, .. kept, special.Separator] : [.. kept, special.Separator];
        return new EncodedPair(ids, new int[ids.Length]) { Segments = TextsAt(special, ids.Length - special.TextStart - 1, ids.Length, ids.Length) };
    }

    /// <summary>
    /// The texts' places, written down only where no classify token leads (T5): the separators alone would not say
    /// where the first text starts. BERT-style pairs are found from their separators (<see cref="PairSegments"/>).
    /// </summary>
    private static (Range First, Range Second)? TextsAt(SpecialTokens special, int firstLength, int secondStart, int secondEnd) =>
        special.Classify is null ? (new Range(0, firstLength), new Range(secondStart, secondEnd)) : null;

    /// <summary>The texts inside a decoder's prompt, truncated longest-first so both keep their share; segment ids all 0.</summary>
    private EncodedPair EncodePrompt(DecoderPrompt prompt, string first, string? second)
    {
        var a = _tokenizer.Tokenize(DecoderPrompt.Spaced(first));
        if (second is null)
        {
            int[] single = [.. prompt.SingleStart, .. a.Take(Math.Max(0, _maxLength - prompt.SingleStart.Length - prompt.End.Length)), .. prompt.End];
            return new EncodedPair(single, new int[single.Length]) { Segments = (new Range(prompt.SingleStart.Length, single.Length - prompt.End.Length), new Range(single.Length, single.Length)) };
        }

        var b = _tokenizer.Tokenize(DecoderPrompt.Spaced(second));
        var (keepA, keepB) = TruncateLongestFirst(a.Count, b.Count, _maxLength - prompt.PairTokens);
        int[] ids = [.. prompt.Start, .. a.Take(keepA), .. prompt.Between, .. b.Take(keepB), .. prompt.End];
        var secondStart = prompt.Start.Length + keepA + prompt.Between.Length;
        return new EncodedPair(ids, new int[ids.Length])
        {
            Segments = (new Range(prompt.Start.Length, prompt.Start.Length + keepA), new Range(secondStart, secondStart + keepB)),
        };
    }

    /// <summary>
    /// How many tokens of each text to keep: while over budget, drop the last token of the longer text
    /// (of the second on a tie), which is Hugging Face's "longest_first" strategy.
    /// </summary>
    public static (int KeepFirst, int KeepSecond) TruncateLongestFirst(int first, int second, int budget)
    {
        while (first + second > budget)
        {
            if (first > second)
            {
                first--;
            }
            else
            {
                second--;
            }
        }

        return (first, second);
    }
}
