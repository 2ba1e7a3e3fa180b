using System.Text.Json;
using System.Text.Json.Nodes;

namespace LabPortal.Agent.Tokenization;

/// <summary>
/// What a Hugging Face <c>tokenizer.json</c> of a byte-level BPE model says (Llama 3, Qwen2, GPT-2): the vocabulary,
/// the ranked merges (as "a b" strings or ["a", "b"] pairs), the added special tokens, the pre-tokenizer's split
/// pattern (GPT-2's when it uses the ByteLevel default) and the token its post-processor puts first (Llama 3's
/// &lt;|begin_of_text|&gt;; none for Qwen2 and GPT-2). Anything else (SentencePiece-style BPE, Unigram, WordPiece) is
/// refused by name.
/// </summary>
public sealed record TokenizerJson(
    IReadOnlyDictionary<string, int> Vocabulary,
    IReadOnlyList<string> Merges,
    IReadOnlyDictionary<string, int> SpecialTokens,
    string? SplitPattern,
    string? UnknownToken,
    int? PrependedToken)
{
    /// <summary>
    /// model.ignore_merges (Llama 3): a pre-tokenized word that is itself in the vocabulary is that one token, whether
    /// or not the merges would reach it.
    /// </summary>
    public bool IgnoreMerges { get; init; }

    public static TokenizerJson Parse(string json, string source)
    {
        JsonObject root;
        try
        {
            root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException($"{source}: expected a JSON object.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"{source}: invalid JSON ({exception.Message})", exception);
        }

        if (root["model"] is not JsonObject model || model["type"]?.ToString() != "BPE")
        {
            throw new InvalidDataException($"{source}: model.type is '{root["model"]?["type"]}'; only byte-level BPE tokenizers are supported (SentencePiece is not yet).");
        }

        if (!HasByteLevel(root["pre_tokenizer"]))
        {
            throw new InvalidDataException($"{source}: pre_tokenizer has no ByteLevel step; only byte-level BPE tokenizers are supported (SentencePiece-style BPE is not yet).");
        }

        var vocabulary = model["vocab"] is JsonObject vocab
            ? vocab.ToDictionary(p => p.Key, p => p.Value is JsonValue id && id.TryGetValue<int>(out var n) ? n : throw Field(source, $"model.vocab['{p.Key}']", "a token id"))
            : throw Field(source, "model.vocab", "an object of token → id");
        var merges = model["merges"] is JsonArray list
            ? list.Select((m, i) => m switch
            {
                JsonValue text when text.TryGetValue<string>(out var pair) => pair,
                JsonArray { Count: 2 } pair => $"{pair[0]} {pair[1]}",
                _ => throw Field(source, $"model.merges[{i}]", "\"a b\" or [\"a\", \"b\"]"),
            }).ToList()
            : throw Field(source, "model.merges", "a list of merges");
        var special = new Dictionary<string, int>();
        foreach (var token in root["added_tokens"] as JsonArray ?? [])
        {
            if (token?["content"]?.ToString() is { } content && token["id"] is JsonValue id && id.TryGetValue<int>(out var n))
            {
                special[content] = n;
            }
            else
            {
                throw Field(source, "added_tokens", "objects with an id and a content");
            }
        }

        return new TokenizerJson(vocabulary, merges, special, SplitPatternOf(root["pre_tokenizer"]), model["unk_token"]?.ToString(), PrependedBy(root["post_processor"]))
        {
            IgnoreMerges = model["ignore_merges"]?.GetValueKind() == JsonValueKind.True,
        };
    }

    /// <summary>The largest id plus one: ids of added tokens may lie beyond the BPE vocabulary.</summary>
    public int VocabularySize => Math.Max(Vocabulary.Values.DefaultIfEmpty(-1).Max(), SpecialTokens.Values.DefaultIfEmpty(-1).Max()) + 1;

    /// <summary>The id of a token, from the added tokens or the vocabulary.</summary>
    public int? IdOf(string? token) =>
        token is null ? null : SpecialTokens.TryGetValue(token, out var special) ? special : Vocabulary.TryGetValue(token, out var id) ? id : null;

    private static IEnumerable<JsonNode> Steps(JsonNode? node) =>
        node is null ? [] : node["type"]?.ToString() == "Sequence" ? (node["pretokenizers"] as JsonArray ?? node["processors"] as JsonArray ?? []).OfType<JsonNode>() : [node];

    private static bool HasByteLevel(JsonNode? preTokenizer) => Steps(preTokenizer).Any(s => s["type"]?.ToString() == "ByteLevel");

    /// <summary>A Split step's regex (Llama 3, Qwen2), else null for GPT-2's pattern (ByteLevel with use_regex).</summary>
    private static string? SplitPatternOf(JsonNode? preTokenizer) =>
        Steps(preTokenizer).Where(s => s["type"]?.ToString() == "Split").Select(s => s["pattern"]?["Regex"]?.ToString()).FirstOrDefault(p => p is not null);

    /// <summary>The special token a TemplateProcessing puts before the text ($A), if any.</summary>
    private static int? PrependedBy(JsonNode? postProcessor)
    {
        var template = Steps(postProcessor).FirstOrDefault(s => s["type"]?.ToString() == "TemplateProcessing");
        if (template?["single"] is not JsonArray { Count: > 0 } single || single[0]?["SpecialToken"]?["id"]?.ToString() is not { } first)
        {
            return null;
        }

        return template["special_tokens"]?[first]?["ids"] is JsonArray { Count: > 0 } ids && ids[0] is JsonValue id && id.TryGetValue<int>(out var n) ? n : null;
    }

    private static InvalidDataException Field(string source, string field, string expected) => new($"{source}: {field} must be {expected}.");
}
