using System.Text.Json.Nodes;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Decoders;
using LabPortal.Shared.Models;

namespace LabPortal.Agent.Models.Gpt2;

/// <summary>
/// A GPT-2 checkpoint folder (<c>GPT2LMHeadModel</c>, <c>GPT2Model</c> or <c>GPT2ForSequenceClassification</c>):
/// config.json, model.safetensors (or shards, or pytorch_model.bin) and a byte-level BPE tokenizer.json (see
/// <see cref="DecoderFolder"/>; GPT-2 has no pad token, so end-of-text pads).
/// </summary>
public sealed class Gpt2Checkpoint(Gpt2Config config, string weightsPath) : IModelArchitecture
{
    public (long Parameters, int HiddenSize, int Layers) Shape => (config.BodyParameters, config.HiddenSize, config.NumLayers);

    public ModelInfo Describe(string name, string description) => new(name, description, config.BodyParameters, config.HiddenSize, config.NumLayers)
    {
        Family = Gpt2ConfigReader.ModelType,
        IntermediateSize = config.InnerSize,
        AttentionHeads = config.NumHeads,
        VocabSize = config.VocabSize,
    };

    public PairClassifier Create(PairHead head, int outputs)
    {
        var model = new DecoderForPairClassification(Gpt2ConfigReader.ModelType, "transformer", new Gpt2Model(config), config.HiddenSize, new Gpt2CheckpointNaming(), head, outputs);
        BertInitializer.Apply(model, config.InitializerRange, "wte.weight", padTokenId: null); // GPT-2's wte has no padding_idx
        return model;
    }

    public void LoadWeights(PairClassifier model) => CheckpointWeights.Load(model, weightsPath);

    public static ModelEntry Open(string folder, JsonObject root, string configPath)
    {
        var config = Gpt2ConfigReader.Read(root, configPath);
        var tokens = DecoderFolder.ReadTokens(folder, root, configPath, config.VocabSize);
        var weights = CheckpointFolder.WeightsFile(folder);
        var description = $"gpt2 decoder: {config.NumLayers} layers, hidden {config.HiddenSize}, {config.NumHeads} heads, from {Path.GetFileName(weights)}";
        return DecoderFolder.Entry(folder, description, tokens, new Gpt2Checkpoint(config, weights));
    }
}
