namespace LabPortal.Agent.Tokenization;

/// <summary>
/// Where each sentence's word-pieces sit in an encoded pair, found from the separators so it holds for BERT's
/// <c>[CLS] a [SEP] b [SEP]</c> and RoBERTa's <c>&lt;s&gt; a &lt;/s&gt;&lt;/s&gt; b &lt;/s&gt;</c> alike (special tokens excluded).
/// </summary>
public static class PairSegments
{
    /// <summary>The pair's own segments when it has them (a decoder's prompt), else found from the separators.</summary>
    public static (Range First, Range Second) Of(EncodedPair pair, int separatorId) => pair.Segments ?? Of(pair.InputIds, separatorId);

    public static (Range First, Range Second) Of(IReadOnlyList<int> inputIds, int separatorId)
    {
        var firstSeparator = IndexOf(inputIds, separatorId, from: 1);
        var secondStart = firstSeparator;
        while (secondStart < inputIds.Count && inputIds[secondStart] == separatorId)
        {
            secondStart++;
        }

        var lastSeparator = IndexOf(inputIds, separatorId, from: secondStart);
        return (new Range(1, firstSeparator), new Range(secondStart, lastSeparator));
    }

    private static int IndexOf(IReadOnlyList<int> ids, int value, int from)
    {
        for (var i = from; i < ids.Count; i++)
        {
            if (ids[i] == value)
            {
                return i;
            }
        }

        return ids.Count;
    }
}
