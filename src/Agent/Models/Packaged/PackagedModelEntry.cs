using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Models.Packaged;

/// <summary>
/// A catalogue entry for a packaged pretrained encoder: its WordPiece tokenizer, the config read from the ONNX graph
/// (via the cache header, so building a model parses nothing large) and a loader for the cached weights. The
/// classifier head is new and keeps its seeded random initialisation.
/// </summary>
public static class PackagedModelEntry
{
    public static ModelEntry Create(PackagedModel model, PackagedWeightCache cache) => new(
        model.Name,
        model.Description,
        model.CreateTokenizer,
        tokenizer => ConfigFor(model, cache, tokenizer),
        classifier =>
        {
            using var checkpoint = cache.Load(model);
            PretrainedWeights.Copy(checkpoint.Tensors, classifier, cache.PathFor(model));
        })
    {
        DefaultHead = model.DefaultHead,
        HeadByTask = model.HeadByTask,
        StoredPrecision = "fp32", // the packages' ONNX initialisers are float32
    };

    private static BertConfig ConfigFor(PackagedModel model, PackagedWeightCache cache, ITokenizer tokenizer)
    {
        var config = cache.ReadConfig(model) with { PadTokenId = tokenizer.Special.Pad };
        return config.VocabSize == tokenizer.VocabularySize
            ? config
            : throw new InvalidDataException(
                $"{model.AssemblyPath}: the vocabulary has {tokenizer.VocabularySize} tokens but the model's embeddings have {config.VocabSize} rows.");
    }
}
