using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Tests.Models.Llama;

public sealed class LlamaTokenizerTests
{
    private static readonly ByteLevelBpeTokenizer Tokenizer = ByteLevelBpeTokenizer.FromTokenizerJson(
        TokenizerJson.Parse(SmallLlamaCheckpoint.TokenizerJson(), "test tokenizer.json"), padId: SmallLlamaCheckpoint.EndId, endId: SmallLlamaCheckpoint.EndId);

    private static int Id(string text) => SmallLlamaCheckpoint.IdOf(text);

    [Fact]
    public void Known_strings_become_known_ids_under_llama_3s_split_pattern_and_merges()
    {
        // "Text" and " the" merge whole; " cat" has no merges past its bytes; the space before a digit stands alone.
        Assert.Equal([Id("Text"), Id(" "), Id("1"), Id(":"), Id(" the"), Id(" "), Id("c"), Id("a"), Id("t")], Tokenizer.Tokenize("Text 1: the cat"));
        Assert.Equal([0xC3, 0xA9], Tokenizer.Tokenize("é")); // two UTF-8 bytes, each its own byte token
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void With_ignore_merges_a_word_in_the_vocabulary_is_one_token_even_where_no_merge_reaches_it(bool ignoreMerges)
    {
        // Llama 3's tokenizer.json says ignore_merges: a pre-tokenized word found whole in the vocabulary is taken as it is.
        var json = System.Text.Json.Nodes.JsonNode.Parse(SmallLlamaCheckpoint.TokenizerJson())!;
        const int cat = SmallLlamaCheckpoint.VocabSize - 1;
        json["model"]!["vocab"]!["Ġcat"] = cat;
        json["model"]!["ignore_merges"] = ignoreMerges;
        var tokenizer = ByteLevelBpeTokenizer.FromTokenizerJson(TokenizerJson.Parse(json.ToJsonString(), "test tokenizer.json"), padId: SmallLlamaCheckpoint.EndId, endId: SmallLlamaCheckpoint.EndId);

        int[] expected = ignoreMerges ? [Id(" the"), cat, SmallLlamaCheckpoint.EndId] : [Id(" the"), Id(" "), Id("c"), Id("a"), Id("t"), SmallLlamaCheckpoint.EndId];
        Assert.Equal(expected, tokenizer.Tokenize(" the cat<|end_of_text|>"));
    }

    [Fact]
    public void Special_tokens_in_a_text_are_matched_whole()
    {
        Assert.Equal([SmallLlamaCheckpoint.EndId], Tokenizer.Tokenize("<|end_of_text|>"));
    }

    [Fact]
    public void A_pair_is_read_in_the_documented_prompt_and_its_texts_are_where_c3_looks()
    {
        var encoder = new PairEncoder(Tokenizer, maxLength: 64);

        var pair = encoder.Encode("the", "is");

        int[] expected =
        [
            SmallLlamaCheckpoint.BeginId, Id("Text"), Id(" "), Id("1"), Id(":"), Id(" the"),
            Id("\n"), Id("Text"), Id(" "), Id("2"), Id(":"), Id(" is"),
            Id("\n"), Id("Answer"), Id(":"),
        ];
        Assert.Equal(expected, pair.InputIds);
        Assert.All(pair.TokenTypeIds, t => Assert.Equal(0, t));
        var (first, second) = PairSegments.Of(pair, Tokenizer.Special.Separator);
        Assert.Equal([Id(" the")], pair.InputIds[first]);
        Assert.Equal([Id(" is")], pair.InputIds[second]);
    }

    [Fact]
    public void Truncation_keeps_both_questions_by_cutting_the_longer_first()
    {
        var encoder = new PairEncoder(Tokenizer, maxLength: 20);   // the prompt takes 13 tokens (5 + 5 + 3), leaving 7 for the texts

        var pair = encoder.Encode("aaaaaaaaaaaa", "bb");

        var (first, second) = PairSegments.Of(pair, Tokenizer.Special.Separator);
        Assert.Equal(20, pair.Length);
        Assert.Equal((4, 3), (first.End.Value - first.Start.Value, second.End.Value - second.Start.Value)); // 13 byte tokens and 3: the first is cut to 4
    }

    [Fact]
    public void A_tokenizer_json_that_is_not_byte_level_bpe_is_refused_by_name()
    {
        var error = Assert.Throws<InvalidDataException>(() => TokenizerJson.Parse("""{"model": {"type": "Unigram"}}""", "x/tokenizer.json"));

        Assert.Contains("x/tokenizer.json: model.type is 'Unigram'", error.Message, StringComparison.Ordinal);
        Assert.Equal("tokenizer.json", CheckpointFiles.TokenizerJson);
    }
}
