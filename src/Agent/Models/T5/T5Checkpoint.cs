using System.Text.Json.Nodes;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Tokenization;
using LabPortal.Shared.Models;

namespace LabPortal.Agent.Models.T5;

/// <summary>
/// A T5 checkpoint folder (<c>T5EncoderModel</c>, or a full <c>T5ForConditionalGeneration</c> / Flan-T5 whose decoder and
/// LM head are not read): config.json, model.safetensors (or the shards of model.safetensors.index.json, or
/// pytorch_model.bin) in fp32, fp16 or bf16, and the SentencePiece model spiece.model or tokenizer.model.
/// </summary>
public sealed class T5Checkpoint(T5Config config, string weightsPath) : IModelArchitecture
{
    public T5Config Config => config;

    public (long Parameters, int HiddenSize, int Layers) Shape => (config.BodyParameters, config.ModelDim, config.NumLayers);

    public ModelInfo Describe(string name, string description) => new(name, description, config.BodyParameters, config.ModelDim, config.NumLayers)
    {
        Family = T5ConfigReader.ModelType,
        IntermediateSize = config.FeedForwardDim,
        AttentionHeads = config.NumHeads,
        HeadSize = config.KeyValueDim,
        GatedFeedForward = config.GatedFeedForward,
        VocabSize = config.VocabSize,
    };

    public PairClassifier Create(PairHead head, int outputs)
    {
        var model = new T5ForPairClassification(config, head, outputs);
        T5Initializer.Apply(model);
        return model;
    }

    public void LoadWeights(PairClassifier model) => CheckpointWeights.Load(model, weightsPath);

    /// <summary>Checks the folder's config, tokenizer file and weights file and returns its catalogue entry.</summary>
    public static ModelEntry Open(string folder, JsonObject root, string configPath)
    {
        var config = T5ConfigReader.Read(root, configPath);
        var tokenizerPath = TokenizerFile(folder);
        var weights = CheckpointFolder.WeightsFile(folder);
        var description = $"t5 encoder: {config.NumLayers} layers, d_model {config.ModelDim}, {config.NumHeads} heads, {(config.GatedFeedForward ? "gated-" : "")}{config.Activation} feed-forward, from {Path.GetFileName(weights)}";
        return new ModelEntry(folder, description,
            () => ReadTokenizer(tokenizerPath, config),
            _ => throw new InvalidOperationException($"{folder} holds a T5 encoder, which has no BERT config."))
        {
            Architecture = new T5Checkpoint(config, weights),
            DefaultHead = T5ForPairClassification.DefaultHead,
        };
    }

    /// <summary>spiece.model (T5's own name) or tokenizer.model; T5's tokenizer.json is Unigram, which is read from the model file.</summary>
    private static string TokenizerFile(string folder)
    {
        foreach (var name in new[] { CheckpointFiles.T5SentencePieceModel, CheckpointFiles.SentencePieceModel })
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new CheckpointException(
            $"The T5 checkpoint {folder} has no SentencePiece model for its tokenizer: neither {CheckpointFiles.T5SentencePieceModel} nor {CheckpointFiles.SentencePieceModel}"
            + (File.Exists(Path.Combine(folder, CheckpointFiles.TokenizerJson)) ? $" ({CheckpointFiles.TokenizerJson} alone is not read for T5)." : "."));
    }

    private static SentencePiecePairTokenizer ReadTokenizer(string path, T5Config config)
    {
        try
        {
            var tokenizer = SentencePiecePairTokenizer.ForT5(SentencePiecePairTokenizer.Read(path), config.PadTokenId, config.EosTokenId);
            return tokenizer.VocabularySize <= config.VocabSize && config.PadTokenId < config.VocabSize && config.EosTokenId < config.VocabSize
                ? tokenizer
                : throw new CheckpointException($"{path} has token ids up to {tokenizer.VocabularySize - 1} (pad {config.PadTokenId}, eos {config.EosTokenId}) but {CheckpointFiles.Config} says vocab_size {config.VocabSize}.");
        }
        catch (InvalidDataException exception)
        {
            throw new CheckpointException(exception.Message, exception);
        }
    }
}
