namespace LabPortal.Agent.Tokenization;

/// <summary>
/// Each text of an encoded pair on its own, as a bi-encoder reads it: <c>[CLS] a [SEP]</c> and <c>[CLS] b [SEP]</c>
/// (RoBERTa: <c>&lt;s&gt; a &lt;/s&gt;</c>; T5: <c>a &lt;/s&gt;</c>), segment ids 0. Cut from the pair encoding, so both
/// heads see the same word-pieces and the same truncation.
/// </summary>
public static class SingleTexts
{
    public static (EncodedPair First, EncodedPair Second) Of(EncodedPair pair, SpecialTokens special)
    {
        var (first, second) = PairSegments.Of(pair, special.Separator);
        return (Wrap(pair.InputIds[first], special), Wrap(pair.InputIds[second], special));
    }

    private static EncodedPair Wrap(int[] text, SpecialTokens special)
    {
        int[] ids = special.Classify is { } classify ? [classify, .. text, special.Separator] : [.. text, special.Separator];
        return new EncodedPair(ids, new int[ids.Length]);
    }
}
