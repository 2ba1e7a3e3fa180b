using System.Text.Json.Nodes;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Models.Decoders;

/// <summary>
/// What every decoder checkpoint folder shares: its tokenizer — a byte-level BPE tokenizer.json (Llama 3, Qwen2, GPT-2)
/// or, without one, a SentencePiece tokenizer.model (Llama 2, Mistral) — with tokenizer_config.json optional, the
/// end-of-sequence id (config.json's eos_token_id, the first when it is a list, else tokenizer_config.json's eos_token,
/// else the SentencePiece model's), and the padding id (config.json's pad_token_id, else tokenizer_config.json's
/// pad_token, else end-of-sequence, as fine-tuning recipes for these models set it).
/// </summary>
public static class DecoderFolder
{
    /// <summary>The folder's tokenizer file, the ids the model pads and ends with, and whether it starts with BOS (SentencePiece).</summary>
    public sealed record Tokens(string TokenizerPath, int Pad, int End, bool AddBegin = false)
    {
        public bool IsSentencePiece => TokenizerPath.EndsWith(CheckpointFiles.SentencePieceModel, StringComparison.Ordinal);
    }

    public static Tokens ReadTokens(string folder, JsonObject root, string configPath, int vocabSize)
    {
        var jsonPath = Path.Combine(folder, CheckpointFiles.TokenizerJson);
        var modelPath = Path.Combine(folder, CheckpointFiles.SentencePieceModel);
        var tokenizerConfig = ReadTokenizerConfig(folder);
        (string Path, Func<string?, int?> IdOf, int Size, int? End) tokenizer;
        if (File.Exists(jsonPath))
        {
            var parsed = Parse(jsonPath);
            tokenizer = (jsonPath, parsed.IdOf, parsed.VocabularySize, null);
        }
        else if (File.Exists(modelPath))
        {
            var model = ReadSentencePiece(modelPath);
            tokenizer = (modelPath, piece => SentencePiecePairTokenizer.IdOf(model, piece), model.Vocabulary.Values.Max() + 1, model.EndOfSentenceId);
        }
        else
        {
            throw new CheckpointException($"The checkpoint {folder} has no tokenizer: neither {CheckpointFiles.TokenizerJson} nor {CheckpointFiles.SentencePieceModel}.");
        }

        var end = EosTokenId(root, configPath) ?? tokenizer.IdOf(TokenName(tokenizerConfig, "eos_token")) ?? tokenizer.End
            ?? throw new CheckpointException($"{configPath}: no eos_token_id (nor an eos_token in {CheckpointFiles.TokenizerConfig}); a decoder's prompt needs one.");
        var pad = ConfigPadTokenId(root, configPath) ?? tokenizer.IdOf(TokenName(tokenizerConfig, "pad_token")) ?? end;
        if (tokenizer.Size > vocabSize)
        {
            throw new CheckpointException($"{tokenizer.Path} has token ids up to {tokenizer.Size - 1} but {CheckpointFiles.Config} says vocab_size {vocabSize}.");
        }

        if (pad >= vocabSize || end >= vocabSize)
        {
            throw new CheckpointException($"{configPath}: the padding id {pad} or end-of-sequence id {end} is not below vocab_size {vocabSize}.");
        }

        // Llama 2's and Mistral's tokenizers put BOS first unless tokenizer_config.json's add_bos_token says otherwise.
        var addBegin = tokenizerConfig?["add_bos_token"]?.GetValueKind() != System.Text.Json.JsonValueKind.False;
        return new Tokens(tokenizer.Path, pad, end, addBegin);
    }

    /// <summary>The catalogue entry of a decoder folder: its tokenizer read when the model is built, the last-token head by default.</summary>
    public static ModelEntry Entry(string folder, string description, Tokens tokens, IModelArchitecture architecture) =>
        new(folder, description,
            () => tokens.IsSentencePiece
                ? SentencePiecePairTokenizer.ForDecoder(ReadSentencePiece(tokens.TokenizerPath), tokens.Pad, tokens.End, tokens.AddBegin)
                : ByteLevelBpeTokenizer.FromTokenizerJson(Parse(tokens.TokenizerPath), tokens.Pad, tokens.End),
            _ => throw new InvalidOperationException($"{folder} holds a decoder, which has no BERT config."))
        {
            Architecture = architecture,
            DefaultHead = PairHead.CrossLast,
        };

    /// <summary>config.json's pad_token_id, or null when it has none (Llama 3, Qwen2, GPT-2).</summary>
    public static int? ConfigPadTokenId(JsonObject root, string path) =>
        root["pad_token_id"] is null ? null : HuggingFaceConfig.Int(root, "pad_token_id", 0, path);

    /// <summary>eos_token_id, the first when it is a list (Llama 3.1 lists several), or null.</summary>
    private static int? EosTokenId(JsonObject root, string path) => root["eos_token_id"] switch
    {
        null => null,
        JsonArray list when list.Count > 0 && list[0] is JsonValue first && first.TryGetValue<int>(out var id) => id,
        JsonValue value when value.TryGetValue<int>(out var id) => id,
        var other => throw new CheckpointException($"{path}: eos_token_id must be a token id or a list of them (got {other.ToJsonString()})."),
    };

    private static Microsoft.ML.Tokenizers.SentencePieceTokenizer ReadSentencePiece(string path)
    {
        try
        {
            return SentencePiecePairTokenizer.Read(path);
        }
        catch (InvalidDataException exception)
        {
            throw new CheckpointException(exception.Message, exception);
        }
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
