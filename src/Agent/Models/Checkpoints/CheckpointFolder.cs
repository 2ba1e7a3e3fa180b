using System.Text.Json;
using System.Text.Json.Nodes;
using LabPortal.Agent.Models.Gpt2;
using LabPortal.Agent.Models.Llama;
using LabPortal.Agent.Models.T5;
using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>
/// A Hugging Face checkpoint folder as a catalogue entry: <c>config.json</c>, <c>model.safetensors</c> (or
/// <c>pytorch_model.bin</c>) and the tokenizer files — <c>vocab.txt</c> (+ <c>tokenizer_config.json</c>) for BERT,
/// <c>vocab.json</c> + <c>merges.txt</c> for RoBERTa. A Llama-family decoder's folder (model_type llama, qwen2 or
/// mistral) is opened by <see cref="LlamaCheckpoint"/>, a GPT-2 folder by <see cref="Gpt2Checkpoint"/>, a T5 folder by
/// <see cref="T5Checkpoint"/>.
/// </summary>
public static class CheckpointFolder
{
    /// <summary>
    /// Checks the folder, its config and that its files are there now (so a bad path fails before anything is built);
    /// the tokenizer and weights are read when the catalogue builds the model.
    /// </summary>
    public static ModelEntry Open(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new CheckpointException($"The checkpoint folder {folder} does not exist.");
        }

        var configPath = Path.Combine(folder, CheckpointFiles.Config);
        var root = HuggingFaceConfig.ReadObject(configPath);
        var modelType = HuggingFaceConfig.ModelType(root);
        if (LlamaConfigReader.IsLlamaFamily(modelType))
        {
            return LlamaCheckpoint.Open(folder, root, configPath);
        }

        if (modelType == Gpt2ConfigReader.ModelType)
        {
            return Gpt2Checkpoint.Open(folder, root, configPath);
        }

        if (modelType == T5ConfigReader.ModelType)
        {
            return T5Checkpoint.Open(folder, root, configPath);
        }

        var config = HuggingFaceConfig.Read(root, configPath);
        var weights = WeightsFile(folder);
        var tokenizerFiles = config.Family == EncoderFamily.Roberta
            ? new[] { CheckpointFiles.BpeVocabulary, CheckpointFiles.BpeMerges }
            : [CheckpointFiles.WordPieceVocabulary];
        foreach (var file in tokenizerFiles)
        {
            if (!File.Exists(Path.Combine(folder, file)))
            {
                throw new CheckpointException($"The checkpoint has no {file} for its tokenizer ({Path.Combine(folder, file)} is missing).");
            }
        }

        return new ModelEntry(
            folder,
            $"{config.BaseModelPrefix} checkpoint: {config.NumHiddenLayers} layers, hidden {config.HiddenSize}, from {Path.GetFileName(weights)}",
            () => ReadTokenizer(folder, config.Family),
            tokenizer => FitVocabulary(config, tokenizer, folder),
            model => CheckpointWeights.Load(model, weights));
    }

    /// <summary>model.safetensors, else the index of a sharded one, else pytorch_model.bin.</summary>
    public static string WeightsFile(string folder)
    {
        foreach (var name in new[] { CheckpointFiles.Safetensors, CheckpointFiles.ShardedSafetensorsIndex, CheckpointFiles.PytorchBin })
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new CheckpointException($"The checkpoint folder {folder} has no weights file: neither {CheckpointFiles.Safetensors}, {CheckpointFiles.ShardedSafetensorsIndex} nor {CheckpointFiles.PytorchBin}.");
    }

    public static ITokenizer ReadTokenizer(string folder, EncoderFamily family)
    {
        if (family == EncoderFamily.Roberta)
        {
            var vocabulary = Path.Combine(folder, CheckpointFiles.BpeVocabulary);
            var merges = Path.Combine(folder, CheckpointFiles.BpeMerges);
            return ByteLevelBpeTokenizer.FromFiles(File.ReadAllText(vocabulary), File.ReadAllText(merges), source: vocabulary);
        }

        var vocab = Path.Combine(folder, CheckpointFiles.WordPieceVocabulary);
        return WordPieceBertTokenizer.FromVocabulary(File.ReadAllText(vocab), LowerCase(folder), source: vocab);
    }

    /// <summary>tokenizer_config.json's do_lower_case; Hugging Face's BertTokenizer lower-cases when it is absent.</summary>
    private static bool LowerCase(string folder)
    {
        var path = Path.Combine(folder, CheckpointFiles.TokenizerConfig);
        if (!File.Exists(path))
        {
            return true;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path))?["do_lower_case"]?.GetValueKind() != JsonValueKind.False;
        }
        catch (JsonException exception)
        {
            throw new CheckpointException($"{path}: invalid JSON ({exception.Message})", exception);
        }
    }

    /// <summary>The config as read; every token id the tokenizer produces must have an embedding row.</summary>
    private static BertConfig FitVocabulary(BertConfig config, ITokenizer tokenizer, string folder)
    {
        if (tokenizer.VocabularySize > config.VocabSize)
        {
            var file = config.Family == EncoderFamily.Roberta ? CheckpointFiles.BpeVocabulary : CheckpointFiles.WordPieceVocabulary;
            throw new CheckpointException(
                $"{Path.Combine(folder, file)} has {tokenizer.VocabularySize} tokens but {CheckpointFiles.Config} says vocab_size {config.VocabSize}.");
        }

        return config;
    }
}
