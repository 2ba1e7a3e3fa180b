using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace LabPortal.Agent.Tokenization;

/// <summary>
/// RoBERTa's tokenizer: GPT-2 style byte-level BPE over a <c>vocab.json</c> and <c>merges.txt</c>, by
/// Microsoft.ML.Tokenizers' BpeTokenizer in byte-level mode with GPT-2's pre-tokenization and RoBERTa's special
/// tokens (its CodeGenTokenizer is the same algorithm but only takes CodeGen's special tokens). Text is split by
/// GPT-2's pattern, each piece's UTF-8 bytes are mapped to printable characters (a space becomes 'Ġ') and merged.
/// No prefix space is added, so "hello" at the start of a text and " hello" after a space encode differently.
/// </summary>
public sealed partial class ByteLevelBpeTokenizer : ITokenizer
{
    public const string Begin = "<s>";
    public const string End = "</s>";
    public const string Pad = "<pad>";
    public const string Unknown = "<unk>";
    public const string Mask = "<mask>";

    private readonly BpeTokenizer _tokenizer;

    // With tokenizer.json's ignore_merges, the vocabulary whole words are looked up in before merging; null otherwise.
    private IReadOnlyDictionary<string, int>? _wholeWords;

    private ByteLevelBpeTokenizer(BpeTokenizer tokenizer, int vocabularySize, SpecialTokens special, string vocabularyJson, string merges)
    {
        _tokenizer = tokenizer;
        VocabularyJson = vocabularyJson;
        Merges = merges;
        VocabularySize = vocabularySize;
        Special = special;
        PairLayout = PairLayout.Roberta;
    }

    public int VocabularySize { get; }

    public SpecialTokens Special { get; }

    /// <summary>RoBERTa's separators, or a decoder's prompt (<see cref="FromTokenizerJson"/>).</summary>
    public PairLayout PairLayout { get; private init; }

    /// <summary>The vocab.json text as read, so a model can be exported with it unchanged.</summary>
    public string VocabularyJson { get; }

    /// <summary>The merges.txt text as read.</summary>
    public string Merges { get; }

    /// <summary>Builds the tokenizer from the texts of vocab.json (token → id) and merges.txt (one merge per line, ranked by order).</summary>
    /// <param name="source">Names the files in error messages.</param>
    public static ByteLevelBpeTokenizer FromFiles(string vocabularyJson, string merges, string source)
    {
        Dictionary<string, int> vocabulary;
        try
        {
            vocabulary = JsonSerializer.Deserialize<Dictionary<string, int>>(vocabularyJson)
                ?? throw new InvalidDataException($"{source}: vocab.json holds null instead of a token → id object.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{source}: vocab.json is not a JSON object of token → id ({exception.Message})", exception);
        }

        foreach (var required in new[] { Begin, End, Pad, Unknown })
        {
            if (!vocabulary.ContainsKey(required))
            {
                throw new InvalidDataException($"{source}: vocab.json has no {required} token.");
            }
        }

        // RoBERTa's special tokens are matched whole in the text, as Hugging Face's tokenizer does.
        var special = new[] { Begin, End, Pad, Unknown, Mask }.Where(vocabulary.ContainsKey).ToDictionary(t => t, t => vocabulary[t]);
        // merges.txt may start with a "#version" line; every other non-empty line is one merge.
        var mergeList = merges.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith("#version", StringComparison.Ordinal)).ToList();
        var tokenizer = Create(vocabulary, mergeList, special, Gpt2Pattern(), Unknown);
        var specialTokens = new SpecialTokens(Pad: vocabulary[Pad], Unknown: vocabulary[Unknown], Classify: vocabulary[Begin], Separator: vocabulary[End]);
        return new ByteLevelBpeTokenizer(tokenizer, vocabulary.Values.Max() + 1, specialTokens, vocabularyJson, merges);
    }

    /// <summary>
    /// A decoder LLM's tokenizer from its tokenizer.json, reading pairs in a <see cref="DecoderPrompt"/>.
    /// <paramref name="padId"/> and <paramref name="endId"/> are the model's padding and end-of-sequence ids.
    /// </summary>
    public static ByteLevelBpeTokenizer FromTokenizerJson(TokenizerJson parsed, int padId, int endId)
    {
        var vocabulary = parsed.Vocabulary.ToDictionary();
        var pattern = parsed.SplitPattern is { } split ? new Regex(split, RegexOptions.Compiled) : Gpt2Pattern();
        var unknown = parsed.UnknownToken is { } unk && vocabulary.ContainsKey(unk) ? unk : null;
        var tokenizer = Create(vocabulary, parsed.Merges, parsed.SpecialTokens.ToDictionary(), pattern, unknown);
        var special = new SpecialTokens(Pad: padId, Unknown: parsed.IdOf(unknown) ?? padId, Classify: parsed.PrependedToken ?? endId, Separator: endId);
        return new ByteLevelBpeTokenizer(tokenizer, parsed.VocabularySize, special, JsonSerializer.Serialize(vocabulary), string.Join('\n', parsed.Merges))
        {
            PairLayout = PairLayout.Decoder(DecoderPrompt.For(text => EncodeWords(tokenizer, text, parsed.IgnoreMerges ? vocabulary : null), parsed.PrependedToken)),
            _wholeWords = parsed.IgnoreMerges ? vocabulary : null,
        };
    }

    private static BpeTokenizer Create(Dictionary<string, int> vocabulary, IReadOnlyList<string> merges, Dictionary<string, int> special, Regex pattern, string? unknown) =>
        BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            ByteLevel = true,
            PreTokenizer = new RegexPreTokenizer(pattern, special),
            SpecialTokens = special,
            UnknownToken = unknown,
        });

    public IReadOnlyList<int> Tokenize(string text) => EncodeWords(_tokenizer, text, _wholeWords);

    /// <summary>
    /// The ids of a text; with <paramref name="wholeWords"/> (ignore_merges) each pre-tokenized word found whole in the
    /// vocabulary is that token, as Hugging Face's BPE does, and only the others are merged.
    /// </summary>
    private static IReadOnlyList<int> EncodeWords(BpeTokenizer tokenizer, string text, IReadOnlyDictionary<string, int>? wholeWords)
    {
        if (wholeWords is null || tokenizer.PreTokenizer is not { } preTokenizer)
        {
            return tokenizer.EncodeToIds(text);
        }

        var ids = new List<int>();
        foreach (var (offset, length) in preTokenizer.PreTokenize(text))
        {
            var word = text.Substring(offset, length);
            if (wholeWords.TryGetValue(ByteLevelAlphabet.Spell(word), out var id))
            {
                ids.Add(id);
            }
            else
            {
                ids.AddRange(tokenizer.EncodeToIds(word));
            }
        }

        return ids;
    }

    /// <summary>GPT-2's pre-tokenization: contractions, letters, digits and other symbols each with an optional leading space, and whitespace runs.</summary>
    [GeneratedRegex(@"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+")]
    private static partial Regex Gpt2Pattern();
}
