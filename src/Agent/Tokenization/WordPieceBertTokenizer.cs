using System.Text;
using Microsoft.ML.Tokenizers;

namespace LabPortal.Agent.Tokenization;

/// <summary>
/// BERT's WordPiece tokenization over a <c>vocab.txt</c>, by Microsoft.ML.Tokenizers: basic tokenization
/// (punctuation split), optional lower-casing and accent stripping (as uncased BERT models expect), then
/// greedy longest-match word-pieces with the "##" continuation prefix.
/// </summary>
public sealed class WordPieceBertTokenizer : ITokenizer
{
    private readonly BertTokenizer _tokenizer;

    private WordPieceBertTokenizer(BertTokenizer tokenizer, IReadOnlyList<string> tokens, bool lowerCase)
    {
        _tokenizer = tokenizer;
        Tokens = tokens;
        LowerCase = lowerCase;
        VocabularySize = tokens.Count;
        Special = new SpecialTokens(
            Pad: tokenizer.PaddingTokenId,
            Unknown: tokenizer.UnknownTokenId,
            Classify: tokenizer.ClassificationTokenId,
            Separator: tokenizer.SeparatorTokenId);
    }

    public int VocabularySize { get; }

    public SpecialTokens Special { get; }

    /// <summary>The vocabulary in id order (the lines of vocab.txt), so a model can be exported with it.</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Whether text is lower-cased and stripped of accents first (tokenizer_config.json's do_lower_case).</summary>
    public bool LowerCase { get; }

    /// <summary>Builds the tokenizer from the text of a vocab.txt (one token per line, id = line number).</summary>
    /// <param name="lowerCase">Lower-case and strip accents first (uncased models); false keeps case and accents.</param>
    public static WordPieceBertTokenizer FromVocabulary(string vocabularyText, bool lowerCase, string source)
    {
        // One token per line; CRLF files (the packaged models' vocab) would otherwise leave '\r' in every token.
        var lines = vocabularyText.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        foreach (var required in new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]" })
        {
            if (!lines.Contains(required))
            {
                throw new InvalidDataException($"{source}: the vocabulary has no {required} token.");
            }
        }

        using var normalized = new MemoryStream(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        var tokenizer = BertTokenizer.Create(normalized, new BertOptions
        {
            LowerCaseBeforeTokenization = lowerCase,
            RemoveNonSpacingMarks = lowerCase,
            ApplyBasicTokenization = true,
            SplitOnSpecialTokens = true,
        });
        return new WordPieceBertTokenizer(tokenizer, lines, lowerCase);
    }

    public IReadOnlyList<int> Tokenize(string text) =>
        _tokenizer.EncodeToIds(text, addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
}
