using LabPortal.Agent.Tests.Models.Checkpoints;
using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Tests.Tokenization;

public sealed class ByteLevelBpeTokenizerTests
{
    private readonly ByteLevelBpeTokenizer _tokenizer = SmallCheckpoints.Bpe();

    [Fact]
    public void A_word_after_a_space_carries_the_space_marker_and_encodes_differently()
    {
        Assert.Equal([15], _tokenizer.Tokenize("hello"));          // "hello"
        Assert.Equal([16], _tokenizer.Tokenize(" hello"));         // "Ġhello"
        Assert.Equal([15, 16, 21], _tokenizer.Tokenize("hello hello world"));
    }

    [Fact]
    public void Merges_apply_in_rank_order_within_a_word()
    {
        // "world" without a space: o+r and l+d merge, but "Ġw or" needs the space marker.
        Assert.Equal([9, 18, 20], _tokenizer.Tokenize("world"));
    }

    [Fact]
    public void Roberta_special_tokens_come_from_vocab_json()
    {
        Assert.Equal(new SpecialTokens(Pad: 1, Unknown: 3, Classify: 0, Separator: 2), _tokenizer.Special);
        Assert.Equal(23, _tokenizer.VocabularySize);
    }

    [Fact]
    public void A_roberta_pair_is_s_a_double_separator_b_separator_with_one_token_type()
    {
        var pair = new PairEncoder(_tokenizer, maxLength: 32).Encode("hello", " world");

        Assert.Equal([0, 15, 2, 2, 21, 2], pair.InputIds);
        Assert.All(pair.TokenTypeIds, t => Assert.Equal(0, t));
    }

    [Fact]
    public void A_roberta_pair_is_truncated_to_the_maximum_length_with_its_four_special_tokens()
    {
        var pair = new PairEncoder(_tokenizer, maxLength: 6).Encode("hello hello hello", " world world");

        Assert.Equal([0, 15, 2, 2, 21, 2], pair.InputIds);
    }

    [Fact]
    public void A_vocab_json_without_roberta_special_tokens_is_refused_naming_the_file()
    {
        var error = Assert.Throws<InvalidDataException>(() => ByteLevelBpeTokenizer.FromFiles("""{"<s>": 0, "h": 1}""", "", source: "some/vocab.json"));

        Assert.Contains("some/vocab.json", error.Message);
        Assert.Contains("</s>", error.Message);
    }
}
