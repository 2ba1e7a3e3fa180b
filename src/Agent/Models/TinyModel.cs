using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Models;

/// <summary>"tiny": a small, randomly initialised BERT over the hashing tokenizer; trains in seconds on a CPU.</summary>
public static class TinyModel
{
    public const string Name = "tiny";

    public static ModelEntry Entry { get; } = new(
        Name,
        "2 layers, hidden 128, 2 heads, random init (no pretrained weights)",
        () => new HashingTokenizer(),
        tokenizer => new BertConfig
        {
            VocabSize = tokenizer.VocabularySize,
            HiddenSize = 128,
            NumHiddenLayers = 2,
            NumAttentionHeads = 2,
            IntermediateSize = 512,
            MaxPositionEmbeddings = 512,
            PadTokenId = tokenizer.Special.Pad,
        })
    {
        StoredPrecision = "fp32", // random initialisation in float32
    };
}
