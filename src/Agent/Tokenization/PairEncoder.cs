namespace LabPortal.Agent.Tokenization;

/// <summary>
/// Encodes sentence pairs in the tokenizer's <see cref="PairLayout"/> (BERT's or RoBERTa's) with longest-first
/// truncation, as Hugging Face tokenizers do; a single text (CoLA, SST-2) is <c>[CLS] a [SEP]</c>.
/// </summary>
public sealed class PairEncoder
{
    private readonly ITokenizer _tokenizer;
    private readonly PairLayout _layout;
    private readonly int _maxLength;

    public PairEncoder(ITokenizer tokenizer, int maxLength)
    {
        _layout = tokenizer.PairLayout;
        if (maxLength <= _layout.SpecialTokenCount)
        {
            throw new ArgumentOutOfRangeException(nameof(maxLength), $"A pair needs more than {_layout.SpecialTokenCount} tokens (got {maxLength}).");
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
        var (keepA, keepB) = TruncateLongestFirst(a.Count, b.Count, _maxLength - _layout.SpecialTokenCount);

        var special = _tokenizer.Special;
        var ids = new int[keepA + keepB + _layout.SpecialTokenCount];
        var types = new int[ids.Length];
        var at = 0;
        ids[at++] = special.Classify;
        for (var i = 0; i < keepA; i++)
        {
            ids[at++] = a[i];
        }

        for (var i = 0; i < _layout.SeparatorsBetween; i++)
        {
            ids[at++] = special.Separator;
        }

        for (var i = 0; i < keepB; i++)
        {
            types[at] = _layout.SecondSegmentId;
            ids[at++] = b[i];
        }

        types[at] = _layout.SecondSegmentId;
        ids[at] = special.Separator;
        return new EncodedPair(ids, types);
    }

    private EncodedPair EncodeSingle(string text)
    {
        var tokens = _tokenizer.Tokenize(text);
        var special = _tokenizer.Special;
        int[] ids = [special.Classify, .. tokens.Take(_maxLength - 2), special.Separator];
        return new EncodedPair(ids, new int[ids.Length]);
    }

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
