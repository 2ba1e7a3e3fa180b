using System.Text.Json.Nodes;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Models.Llama;

/// <summary>
/// A Llama-family checkpoint folder (<c>LlamaForCausalLM</c>, <c>Qwen2ForCausalLM</c>, <c>MistralForCausalLM</c>, their
/// base models or *ForSequenceClassification): config.json, model.safetensors (or the shards of
/// model.safetensors.index.json, or pytorch_model.bin) in fp32, fp16 or bf16, and a byte-level BPE tokenizer.json
/// (tokenizer_config.json optional). The model's padding id is config.json's pad_token_id, else tokenizer_config.json's
/// pad_token, else end-of-sequence, as fine-tuning recipes for these models set it.
/// </summary>
public sealed class LlamaCheckpoint(LlamaConfig config, string weightsPath) : IModelArchitecture
{
    public LlamaConfig Config => config;

    public (long Parameters, int HiddenSize, int Layers) Shape => (config.BodyParameters, config.HiddenSize, config.NumHiddenLayers);

    public PairClassifier Create(PairHead head, int outputs)
    {
        var model = new LlamaForPairClassification(config, head, outputs);
        BertInitializer.Apply(model, config.InitializerRange, "embed_tokens.weight", config.PadTokenId);
        return model;
    }

    public void LoadWeights(PairClassifier model) => CheckpointWeights.Load(model, weightsPath);

    /// <summary>Checks the folder's config, tokenizer and weights file and returns its catalogue entry.</summary>
    public static ModelEntry Open(string folder, JsonObject root, string configPath)
    {
        var config = LlamaConfigReader.Read(root, configPath);
        var tokenizerPath = Path.Combine(folder, CheckpointFiles.TokenizerJson);
        if (!File.Exists(tokenizerPath))
        {
            throw new CheckpointException($"The checkpoint has no {CheckpointFiles.TokenizerJson} for its tokenizer ({tokenizerPath} is missing).");
        }

        var tokenizerJson = Parse(tokenizerPath);
        var tokenizerConfig = ReadTokenizerConfig(folder);
        var end = LlamaConfigReader.EosTokenId(root, configPath) ?? tokenizerJson.IdOf(TokenName(tokenizerConfig, "eos_token"))
            ?? throw new CheckpointException($"{configPath}: no eos_token_id (nor an eos_token in {CheckpointFiles.TokenizerConfig}); a decoder's prompt needs one.");
        var pad = LlamaConfigReader.PadTokenId(root, configPath) ?? tokenizerJson.IdOf(TokenName(tokenizerConfig, "pad_token")) ?? end;
        config = config with { PadTokenId = pad };
        if (tokenizerJson.VocabularySize > config.VocabSize)
        {
            throw new CheckpointException($"{tokenizerPath} has token ids up to {tokenizerJson.VocabularySize - 1} but {CheckpointFiles.Config} says vocab_size {config.VocabSize}.");
        }

        if (pad >= config.VocabSize || end >= config.VocabSize)
        {
            throw new CheckpointException($"{configPath}: the padding id {pad} or end-of-sequence id {end} is not below vocab_size {config.VocabSize}.");
        }

        var weights = CheckpointFolder.WeightsFile(folder);
        return new ModelEntry(
            folder,
            $"{config.ModelType} decoder: {config.NumHiddenLayers} layers, hidden {config.HiddenSize}, {config.NumAttentionHeads} heads ({config.NumKeyValueHeads} key/value), from {Path.GetFileName(weights)}",
            () => ByteLevelBpeTokenizer.FromTokenizerJson(Parse(tokenizerPath), pad, end),
            _ => throw new InvalidOperationException($"{folder} holds a {config.ModelType} decoder, which has no BERT config."))
        {
            Architecture = new LlamaCheckpoint(config, weights),
            DefaultHead = PairHead.CrossLast,
        };
    }

    private static TokenizerJson Parse(string path)
    {
        try
        {
            return TokenizerJson.Parse(File.ReadAllText(path), path);
        }
        catch (InvalidDataException exception)
        {
            throw new CheckpointException(exception.Message, exception);
        }
    }

    private static JsonObject? ReadTokenizerConfig(string folder)
    {
        var path = Path.Combine(folder, CheckpointFiles.TokenizerConfig);
        return File.Exists(path) ? HuggingFaceConfig.ReadObject(path) : null;
    }

    /// <summary>A token named in tokenizer_config.json, as a string or as an added-token object's content.</summary>
    private static string? TokenName(JsonObject? tokenizerConfig, string field) => tokenizerConfig?[field] switch
    {
        JsonValue value => value.ToString(),
        JsonObject token => token["content"]?.ToString(),
        _ => null,
    };
}
