using LabPortal.Agent.Models;
using LabPortal.Agent.Tests.Models.Llama;
using LabPortal.Agent.Tests.Models.T5;
using LabPortal.Agent.Tokenization;
using TorchSharp;

namespace LabPortal.Agent.Tests.Tokenization;

/// <summary>
/// SentencePiece tokenizer.model files through Microsoft.ML.Tokenizers, on models written by the tests whose ids are
/// derived by hand (and were checked against Google's sentencepiece package): BPE as Llama 2 and Mistral ship it,
/// Unigram as T5 does.
/// </summary>
public sealed class SentencePiecePairTokenizerTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("the piano", new[] { "▁the", "▁piano" })]
    [InlineData("is the piano", new[] { "▁is", "▁the", "▁piano" })]
    [InlineData("Tea", new[] { "▁", "T", "e", "a" })]          // no merge applies: each character alone
    [InlineData("this", new[] { "▁t", "h", "i", "s" })]        // ▁t merges first, and nothing after it
    [InlineData("pin", new[] { "▁p", "i", "n" })]
    public void A_bpe_model_merges_known_strings_to_known_ids(string text, string[] pieces)
    {
        var tokenizer = Read(SentencePieceBpe.ModelFile(), t5: false);

        Assert.Equal(pieces.Select(SentencePieceBpe.IdOf), tokenizer.Tokenize(text));
    }

    [Theory]
    [InlineData("How do I learn the piano?", new[] { "▁How", "▁do", "▁I", "▁learn", "▁the", "▁piano", "?" })]
    [InlineData("Is it raining?", new[] { "▁Is", "▁it", "▁rain", "ing", "?" })]
    public void A_unigram_model_picks_the_best_scoring_pieces_for_known_strings(string text, string[] pieces)
    {
        var tokenizer = Read(SmallT5Checkpoint.SentencePieceModel(), t5: true);

        Assert.Equal(pieces.Select(SmallT5Checkpoint.IdOf), tokenizer.Tokenize(text));
    }

    [Fact]
    public void A_llama_2_folder_with_only_tokenizer_model_reads_each_pair_in_the_prompt_after_bos_and_pads_with_end_of_sequence()
    {
        var folder = Path.Combine(_temp.Path, "llama2");
        SmallLlamaCheckpoint.Write(folder, new SmallLlamaCheckpoint.Options { SentencePiece = true });
        using var loaded = new ModelCatalogue([]).Create(folder, seed: 1, torch.CPU);

        var pair = new PairEncoder(loaded.Tokenizer, maxLength: 64).Encode("the piano", "is the piano");

        Assert.Equal(1, pair.InputIds[0]);                                    // <s>
        Assert.Equal(2, loaded.Tokenizer.Special.Pad);                        // no pad token: </s> pads
        var (first, second) = PairSegments.Of(pair, loaded.Tokenizer.Special.Separator);
        Assert.Equal(new[] { "▁the", "▁piano" }.Select(SentencePieceBpe.IdOf), pair.InputIds[first]);
        Assert.Equal(new[] { "▁is", "▁the", "▁piano" }.Select(SentencePieceBpe.IdOf), pair.InputIds[second]);
        Assert.Equal(new[] { "▁", "T", "e", "x", "t", "▁", "1", ":" }.Select(SentencePieceBpe.IdOf), pair.InputIds[1..first.Start]);
        loaded.Model.eval();
        using var noGrad = torch.no_grad();
        using var ids = torch.tensor(pair.InputIds.Select(i => (long)i).ToArray(), 1, pair.Length);
        using var mask = torch.ones_like(ids);
        using var logits = loaded.Model.call(ids, ids, mask);
        Assert.Equal([1L, 2L], logits.shape);
    }

    [Fact]
    public void A_file_that_is_no_sentencepiece_model_is_refused_naming_it()
    {
        var path = _temp.Write("tokenizer.model", "not a protobuf at all");

        var error = Assert.Throws<InvalidDataException>(() => SentencePiecePairTokenizer.Read(path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    private SentencePiecePairTokenizer Read(byte[] model, bool t5)
    {
        var path = Path.Combine(_temp.Path, $"{Guid.NewGuid():N}.model");
        File.WriteAllBytes(path, model);
        var read = SentencePiecePairTokenizer.Read(path);
        return t5 ? SentencePiecePairTokenizer.ForT5(read, padId: 0, endId: 1) : SentencePiecePairTokenizer.ForDecoder(read, padId: 2, endId: 2, addBegin: true);
    }
}
