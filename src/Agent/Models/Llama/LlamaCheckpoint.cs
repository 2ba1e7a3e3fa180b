using System.Text.Json.Nodes;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Decoders;
using LabPortal.Shared.Models;

namespace LabPortal.Agent.Models.Llama;

/// <summary>
/// A Llama-family checkpoint folder (<c>LlamaForCausalLM</c>, <c>Qwen2ForCausalLM</c>, <c>MistralForCausalLM</c>, their
/// base models or *ForSequenceClassification): config.json, model.safetensors (or the shards of
/// model.safetensors.index.json, or pytorch_model.bin) in fp32, fp16 or bf16, and a byte-level BPE tokenizer.json
/// (see <see cref="DecoderFolder"/>).
/// </summary>
public sealed class LlamaCheckpoint(LlamaConfig config, string weightsPath) : IModelArchitecture
{
    public LlamaConfig Config => config;

    public (long Parameters, int HiddenSize, int Layers) Shape => (config.BodyParameters, config.HiddenSize, config.NumHiddenLayers);

    public ModelInfo Describe(string name, string description) => new(name, description, config.BodyParameters, config.HiddenSize, config.NumHiddenLayers)
    {
        Family = config.ModelType,
        IntermediateSize = config.IntermediateSize,
        AttentionHeads = config.NumAttentionHeads,
        KeyValueHeads = config.NumKeyValueHeads,
        VocabSize = config.VocabSize,
    };

    public PairClassifier Create(PairHead head, int outputs)
    {
        var model = new DecoderForPairClassification(config.ModelType, "model", new LlamaModel(config), config.HiddenSize, new DecoderCheckpointNaming("model."), head, outputs);
        BertInitializer.Apply(model, config.InitializerRange, "embed_tokens.weight", config.EmbeddingPaddingId);
        return model;
    }

    public void LoadWeights(PairClassifier model) => CheckpointWeights.Load(model, weightsPath);

    /// <summary>Checks the folder's config, tokenizer and weights file and returns its catalogue entry.</summary>
    public static ModelEntry Open(string folder, JsonObject root, string configPath)
    {
        var config = LlamaConfigReader.Read(root, configPath);
        var tokens = DecoderFolder.ReadTokens(folder, root, configPath, config.VocabSize);
        var weights = CheckpointFolder.WeightsFile(folder);
        var description = $"{config.ModelType} decoder: {config.NumHiddenLayers} layers, hidden {config.HiddenSize}, {config.NumAttentionHeads} heads ({config.NumKeyValueHeads} key/value), from {Path.GetFileName(weights)}";
        return DecoderFolder.Entry(folder, description, tokens, new LlamaCheckpoint(config, weights));
    }
}
