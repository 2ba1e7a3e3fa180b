using LabPortal.Agent.Models.Packaged;
using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Tests.Tokenization;

/// <summary>Known encodings with MiniLM's real vocabulary (the uncased BERT vocab: ids as in bert-base-uncased).</summary>
public sealed class WordPieceBertTokenizerTests
{
    private static readonly Lazy<(WordPieceBertTokenizer Tokenizer, string[] Vocabulary)> MiniLm = new(() =>
    (
        PackagedModel.MiniLm.CreateTokenizer(),
        PackagedModel.MiniLm.ReadVocabulary().Split('\n').Select(line => line.TrimEnd('\r')).ToArray()
    ));

    private static WordPieceBertTokenizer Tokenizer => MiniLm.Value.Tokenizer;

    [Fact]
    public void Text_is_lower_cased_before_lookup()
    {
        Assert.Equal([7592, 2088], Tokenizer.Tokenize("Hello WORLD"));
        Assert.Equal(["hello", "world"], Pieces("Hello WORLD"));
    }

    [Fact]
    public void Accents_are_stripped()
    {
        Assert.Equal(["cafe"], Pieces("Café"));
        Assert.Equal(Tokenizer.Tokenize("cafe"), Tokenizer.Tokenize("Café"));
    }

    [Fact]
    public void Punctuation_is_split_into_tokens_of_its_own()
    {
        Assert.Equal(["don", "'", "t", "stop", "!"], Pieces("don't stop!"));
    }

    [Fact]
    public void A_word_the_vocabulary_cannot_spell_becomes_unk_with_id_100()
    {
        Assert.Equal([7592, 100, 2088], Tokenizer.Tokenize("hello ꙮ world"));
        Assert.Equal(100, Tokenizer.Special.Unknown);
    }

    [Fact]
    public void Words_outside_the_vocabulary_split_into_word_pieces_with_the_continuation_prefix()
    {
        Assert.Equal(["una", "##ffa", "##ble"], Pieces("unaffable"));
        Assert.Equal(["em", "##bed", "##ding", "##s"], Pieces("embeddings"));
    }

    [Fact]
    public void The_special_tokens_have_bert_uncased_ids()
    {
        Assert.Equal(new SpecialTokens(Pad: 0, Unknown: 100, Classify: 101, Separator: 102), Tokenizer.Special);
        Assert.Equal(30522, Tokenizer.VocabularySize);
    }

    [Fact]
    public void A_pair_is_truncated_longest_first_by_word_pieces()
    {
        var encoder = new PairEncoder(Tokenizer, maxLength: 10);

        // "unaffable embeddings" is 7 pieces, "hello world" 2; the budget of 7 takes the last 2 pieces of the first text.
        var pair = encoder.Encode("unaffable embeddings", "Hello world");

        Assert.Equal(["[CLS]", "una", "##ffa", "##ble", "em", "##bed", "[SEP]", "hello", "world", "[SEP]"], pair.InputIds.Select(Piece));
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 1, 1, 1], pair.TokenTypeIds);
    }

    [Fact]
    public void When_both_texts_are_long_truncation_evens_them_out()
    {
        var encoder = new PairEncoder(Tokenizer, maxLength: 9);

        var pair = encoder.Encode("unaffable embeddings", "tokenization embeddings"); // 7 and 6 pieces, budget 6

        Assert.Equal(["[CLS]", "una", "##ffa", "##ble", "[SEP]", "token", "##ization", "em", "[SEP]"], pair.InputIds.Select(Piece));
    }

    private static string Piece(int id) => MiniLm.Value.Vocabulary[id];

    private static IEnumerable<string> Pieces(string text) => Tokenizer.Tokenize(text).Select(Piece);
}
