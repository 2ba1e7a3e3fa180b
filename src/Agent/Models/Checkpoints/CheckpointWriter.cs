using System.Text.Json;
using System.Text.Json.Nodes;
using LabPortal.Agent.Lora;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Tokenization;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>
/// Exports a model and its tokenizer as a Hugging Face checkpoint folder that <see cref="CheckpointFolder"/> (and
/// <c>…ForSequenceClassification.from_pretrained</c>) can load: config.json, model.safetensors and the tokenizer files.
/// A model with LoRA adapters is written merged, as the plain model it computes (no <c>lora_</c> or <c>base_layer</c> names).
/// </summary>
public static class CheckpointWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(BertForPairClassification model, ITokenizer tokenizer, string folder)
    {
        // Refuse before writing anything: only a tokenizer with vocabulary files can be exported.
        if (tokenizer is not (WordPieceBertTokenizer or ByteLevelBpeTokenizer))
        {
            throw new NotSupportedException($"A model with the {tokenizer.GetType().Name} cannot be exported: it has no vocabulary file a checkpoint could carry.");
        }

        Directory.CreateDirectory(folder);
        var config = model.Config;
        HuggingFaceConfig.Write(config, Path.Combine(folder, CheckpointFiles.Config), model.Outputs);
        WriteWeights(model, Path.Combine(folder, CheckpointFiles.Safetensors));

        switch (tokenizer)
        {
            case WordPieceBertTokenizer wordPiece:
                File.WriteAllText(Path.Combine(folder, CheckpointFiles.WordPieceVocabulary), string.Join('\n', wordPiece.Tokens) + "\n");
                WriteTokenizerConfig(folder, "BertTokenizer", config, new JsonObject { ["do_lower_case"] = wordPiece.LowerCase });
                break;
            case ByteLevelBpeTokenizer bpe:
                File.WriteAllText(Path.Combine(folder, CheckpointFiles.BpeVocabulary), bpe.VocabularyJson);
                File.WriteAllText(Path.Combine(folder, CheckpointFiles.BpeMerges), bpe.Merges);
                WriteTokenizerConfig(folder, "RobertaTokenizer", config, []);
                break;
        }
    }

    /// <summary>
    /// Folds unmerged adapters into their base weights for the write and takes them out again afterwards (the model
    /// keeps working as before, up to float rounding); each LoRA layer is written as the linear layer it replaced.
    /// </summary>
    private static void WriteWeights(BertForPairClassification model, string path)
    {
        var merged = LoraInjector.Adapters(model).Where(a => !a.Layer.Merged).Select(a => a.Layer).ToList();
        merged.ForEach(layer => layer.Merge());
        try
        {
            var tensors = model.named_parameters()
                .Where(p => !p.name.Contains(".lora_A.", StringComparison.Ordinal) && !p.name.Contains(".lora_B.", StringComparison.Ordinal))
                .Select(p => (CheckpointKeys.Exported(p.name.Replace(".base_layer.", ".", StringComparison.Ordinal), model.Config), (Tensor)p.parameter))
                .ToList();
            SafetensorsFile.Write(path, tensors);
        }
        finally
        {
            merged.ForEach(layer => layer.Unmerge());
        }
    }

    private static void WriteTokenizerConfig(string folder, string tokenizerClass, BertConfig config, JsonObject settings)
    {
        settings["tokenizer_class"] = tokenizerClass;
        // RoBERTa's first position ids are taken by the padding offset.
        settings["model_max_length"] = config.Family == EncoderFamily.Roberta ? config.MaxPositionEmbeddings - config.PadTokenId - 1 : config.MaxPositionEmbeddings;
        File.WriteAllText(Path.Combine(folder, CheckpointFiles.TokenizerConfig), settings.ToJsonString(Indented) + "\n");
    }
}
