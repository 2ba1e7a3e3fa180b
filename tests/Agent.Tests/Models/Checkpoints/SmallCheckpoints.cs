using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Tokenization;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Checkpoints;

/// <summary>Small seeded BERT and RoBERTa models with vocabularies written here, exported as checkpoint folders.</summary>
internal static class SmallCheckpoints
{
    public const int Seed = 11;

    public static readonly string[] WordPieceTokens =
    [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "what", "how", "is", "the", "best", "way", "to", "learn", "do", "i",
        "a", "python", "question", "can", "##s", "##ing", "why", "?", ".", ",",
    ];

    /// <summary>vocab.json: RoBERTa's four special tokens, the byte-level letters used below and every merge result.</summary>
    public const string BpeVocabulary = """
        {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3, "h": 4, "e": 5, "l": 6, "o": 7, "\u0120": 8, "w": 9, "r": 10, "d": 11,
         "he": 12, "ll": 13, "hell": 14, "hello": 15, "\u0120hello": 16, "\u0120w": 17, "or": 18, "\u0120wor": 19, "ld": 20,
         "\u0120world": 21, "<mask>": 22}
        """;

    /// <summary>merges.txt in rank order, with the "#version" line real files start with.</summary>
    public const string BpeMerges = "#version: 0.2\nh e\nl l\nhe ll\nhell o\n\u0120 hello\n\u0120 w\no r\n\u0120w or\nl d\n\u0120wor ld\n";

    public static BertConfig SmallConfig(int vocabularySize, EncoderFamily family, int padTokenId) => new()
    {
        Family = family,
        VocabSize = vocabularySize,
        HiddenSize = 32,
        NumHiddenLayers = 2,
        NumAttentionHeads = 4,
        IntermediateSize = 64,
        MaxPositionEmbeddings = 66,
        TypeVocabSize = family == EncoderFamily.Roberta ? 1 : 2,
        LayerNormEps = family == EncoderFamily.Roberta ? 1e-5 : 1e-12,
        PadTokenId = padTokenId,
    };

    public static WordPieceBertTokenizer WordPiece() =>
        WordPieceBertTokenizer.FromVocabulary(string.Join('\n', WordPieceTokens) + "\n", lowerCase: true, source: "test vocab.txt");

    public static ByteLevelBpeTokenizer Bpe() => ByteLevelBpeTokenizer.FromFiles(BpeVocabulary, BpeMerges, source: "test vocab.json");

    /// <summary>A seeded, initialised model (as the catalogue builds one), with every weight made distinct by a little noise.</summary>
    public static BertForPairClassification Model(BertConfig config)
    {
        torch.manual_seed(Seed);
        var model = new BertForPairClassification(config);
        BertInitializer.Apply(model, config);
        // Initialisation leaves biases 0 and LayerNorms 1: perturb them so a mix-up of two tensors cannot go unnoticed.
        using var noGrad = torch.no_grad();
        foreach (var parameter in model.parameters())
        {
            using var noise = torch.randn_like(parameter) * 0.01;
            parameter.add_(noise);
        }

        return model;
    }

    /// <summary>Exports a small BERT to <paramref name="folder"/> and returns the model (the caller disposes it).</summary>
    public static BertForPairClassification WriteBert(string folder)
    {
        var tokenizer = WordPiece();
        var model = Model(SmallConfig(tokenizer.VocabularySize, EncoderFamily.Bert, tokenizer.Special.Pad));
        CheckpointWriter.Write(model, tokenizer, folder);
        return model;
    }

    public static BertForPairClassification WriteRoberta(string folder)
    {
        var tokenizer = Bpe();
        var model = Model(SmallConfig(tokenizer.VocabularySize, EncoderFamily.Roberta, tokenizer.Special.Pad));
        CheckpointWriter.Write(model, tokenizer, folder);
        return model;
    }

    /// <summary>Logits in eval mode (no dropout) for a fixed padded batch of two pairs.</summary>
    public static torch.Tensor Logits(BertForPairClassification model, ITokenizer tokenizer)
    {
        var encoder = new PairEncoder(tokenizer, maxLength: 32);
        var batch = PaddedBatch.From([encoder.Encode("how do i learn python?", "what is the best way"), encoder.Encode("hello world", " hello")], tokenizer.Special.Pad);
        using var ids = torch.tensor(batch.InputIds, [batch.BatchSize, batch.Length]);
        using var types = torch.tensor(batch.TokenTypeIds, [batch.BatchSize, batch.Length]);
        using var mask = torch.tensor(batch.AttentionMask, [batch.BatchSize, batch.Length]);
        model.eval();
        using var noGrad = torch.no_grad();
        return model.call(ids, types, mask);
    }

    /// <summary>Parameters by name as exact copies, to compare after a load.</summary>
    public static Dictionary<string, torch.Tensor> Snapshot(BertForPairClassification model) =>
        model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
}
