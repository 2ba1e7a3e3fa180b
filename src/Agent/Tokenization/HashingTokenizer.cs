using System.Text;

namespace LabPortal.Agent.Tokenization;

/// <summary>
/// A deterministic tokenizer that needs no vocabulary file: lower-cases, splits on anything that is not a
/// letter or digit, and maps each word into a fixed number of buckets by a stable hash (FNV-1a of the
/// UTF-8 bytes; string.GetHashCode is randomised per process). Different words may share an id.
/// </summary>
public sealed class HashingTokenizer : ITokenizer
{
    public const int DefaultVocabularySize = 8192;

    // The first ids are reserved for the special tokens; words hash into the rest.
    private const int ReservedIds = 4;

    public HashingTokenizer(int vocabularySize = DefaultVocabularySize)
    {
        if (vocabularySize <= ReservedIds)
        {
            throw new ArgumentOutOfRangeException(nameof(vocabularySize), $"The vocabulary needs more than {ReservedIds} ids.");
        }

        VocabularySize = vocabularySize;
    }

    public int VocabularySize { get; }

    public SpecialTokens Special { get; } = new(Pad: 0, Unknown: 1, Classify: 2, Separator: 3);

    public IReadOnlyList<int> Tokenize(string text)
    {
        var ids = new List<int>();
        var word = new StringBuilder();
        foreach (var character in text)
        {
            if (char.IsLetterOrDigit(character))
            {
                word.Append(char.ToLowerInvariant(character));
            }
            else if (word.Length > 0)
            {
                ids.Add(WordId(word.ToString()));
                word.Clear();
            }
        }

        if (word.Length > 0)
        {
            ids.Add(WordId(word.ToString()));
        }

        return ids;
    }

    private int WordId(string word)
    {
        const uint offsetBasis = 2166136261;
        const uint prime = 16777619;
        var hash = offsetBasis;
        foreach (var b in Encoding.UTF8.GetBytes(word))
        {
            hash = unchecked((hash ^ b) * prime);
        }

        return ReservedIds + (int)(hash % (uint)(VocabularySize - ReservedIds));
    }
}
