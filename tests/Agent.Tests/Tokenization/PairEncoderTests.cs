using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Tests.Tokenization;

public sealed class PairEncoderTests
{
    private readonly HashingTokenizer _tokenizer = new();

    [Fact]
    public void The_tokenizer_lower_cases_and_splits_on_anything_but_letters_and_digits()
    {
        var ids = _tokenizer.Tokenize("What's  the BEST way?? 42");

        Assert.Equal(_tokenizer.Tokenize("what s the best way 42"), ids);
        Assert.Equal(6, ids.Count);
        Assert.All(ids, id => Assert.InRange(id, 4, _tokenizer.VocabularySize - 1));
    }

    [Fact]
    public void The_same_word_always_gets_the_same_id_across_instances()
    {
        Assert.Equal(new HashingTokenizer().Tokenize("duplicate question"), _tokenizer.Tokenize("Duplicate, question!"));
        Assert.NotEqual(_tokenizer.Tokenize("cat"), _tokenizer.Tokenize("dog"));
    }

    [Fact]
    public void A_pair_is_encoded_as_cls_a_sep_b_sep_with_segment_ids()
    {
        var encoder = new PairEncoder(_tokenizer, maxLength: 32);
        var a = _tokenizer.Tokenize("how are you");
        var b = _tokenizer.Tokenize("fine");

        var pair = encoder.Encode("how are you", "fine");

        int[] expectedIds = [2, a[0], a[1], a[2], 3, b[0], 3];
        Assert.Equal(expectedIds, pair.InputIds);
        Assert.Equal([0, 0, 0, 0, 0, 1, 1], pair.TokenTypeIds);
    }

    [Fact]
    public void A_single_text_is_encoded_as_cls_a_sep_and_cut_to_the_maximum_length()
    {
        var encoder = new PairEncoder(_tokenizer, maxLength: 4);
        var words = _tokenizer.Tokenize("one two three four");

        var single = encoder.Encode("one two three four", null);

        Assert.Equal([2, words[0], words[1], 3], single.InputIds);
        Assert.Equal([0, 0, 0, 0], single.TokenTypeIds);
    }

    [Theory]
    [InlineData(10, 2, 5, 3, 2)]
    [InlineData(2, 10, 5, 2, 3)]
    [InlineData(4, 4, 5, 3, 2)]
    [InlineData(3, 1, 10, 3, 1)]
    public void Truncation_takes_tokens_from_the_longer_text_first(int first, int second, int budget, int keepFirst, int keepSecond)
    {
        Assert.Equal((keepFirst, keepSecond), PairEncoder.TruncateLongestFirst(first, second, budget));
    }

    [Fact]
    public void An_encoded_pair_never_exceeds_the_maximum_length()
    {
        var encoder = new PairEncoder(_tokenizer, maxLength: 8);

        var pair = encoder.Encode("one two three four five six", "seven eight nine");

        Assert.Equal(8, pair.Length);
        Assert.Equal(3, pair.InputIds[^1]);
        // Budget 5 of (6, 3) words: longest-first keeps (3, 2); the second segment is 2 words + [SEP].
        Assert.Equal(3, pair.TokenTypeIds.Count(t => t == 1));
    }

    [Fact]
    public void A_batch_is_padded_to_its_longest_pair_with_a_matching_attention_mask()
    {
        var encoder = new PairEncoder(_tokenizer, maxLength: 64);
        var shortPair = encoder.Encode("a", "b");         // 5 tokens
        var longPair = encoder.Encode("a b c", "d e");    // 8 tokens

        var batch = PaddedBatch.From([shortPair, longPair], padId: 0);

        Assert.Equal((2, 8), (batch.BatchSize, batch.Length));
        Assert.Equal([1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1], batch.AttentionMask);
        Assert.Equal([0L, 0L, 0L], batch.InputIds[5..8]);
        Assert.Equal([0L, 0L, 0L], batch.TokenTypeIds[5..8]);
    }
}
