using System.Text;
using System.Text.Json.Nodes;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Tests.Models.Checkpoints;
using LabPortal.Agent.Tests.Tokenization;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Llama;

/// <summary>
/// Writes a tiny Llama-family checkpoint folder as Hugging Face's save_pretrained would: config.json, random weights by
/// Hugging Face's tensor names (spelled out here, not taken from our model), in fp32, fp16 or bf16, in one file or two
/// shards, and a byte-level BPE tokenizer.json in Llama 3's layout (256 byte tokens, a few merges, BOS added).
/// </summary>
internal static class SmallLlamaCheckpoint
{
    public const int Hidden = 16;
    public const int Heads = 4;
    public const int KeyValueHeads = 2;
    public const int Intermediate = 32;
    public const int Layers = 2;

    /// <summary>The merges after the 256 byte tokens (ids 0–255 are the bytes' characters, in byte order).</summary>
    public static readonly string[] MergeList = ["T e", "Te x", "Tex t", "A n", "An s", "Ans w", "Answ e", "Answe r", "Ġ t", "h e", "Ġt he", "Ġ i", "Ġi s"];

    public static int BeginId => 256 + MergeList.Length;

    public static int EndId => BeginId + 1;

    /// <summary>config.json's vocab_size: a little above the tokenizer's ids, as real configs round it up.</summary>
    public const int VocabSize = 280;

    public sealed record Options
    {
        public string ModelType { get; init; } = "llama";
        public torch.ScalarType DType { get; init; } = torch.ScalarType.Float32;
        public bool Sharded { get; init; }
        public bool TiedEmbeddings { get; init; } = true;
        public int Seed { get; init; } = 5;

        /// <summary>Llama 2's tokenizer files instead: a SentencePiece BPE tokenizer.model (&lt;s&gt; 1, &lt;/s&gt; 2) and no tokenizer.json.</summary>
        public bool SentencePiece { get; init; }
    }

    public static void Write(string folder, Options? options = null)
    {
        options ??= new Options();
        Directory.CreateDirectory(folder);
        var config = Config(options);
        if (options.SentencePiece)
        {
            (config["bos_token_id"], config["eos_token_id"]) = (1, 2);
            File.WriteAllBytes(Path.Combine(folder, CheckpointFiles.SentencePieceModel), SentencePieceBpe.ModelFile());
        }
        else
        {
            File.WriteAllText(Path.Combine(folder, CheckpointFiles.TokenizerJson), TokenizerJson());
        }

        File.WriteAllText(Path.Combine(folder, CheckpointFiles.Config), config.ToJsonString());
        var tensors = Weights(options);
        if (!options.Sharded)
        {
            SafetensorsFile.Write(Path.Combine(folder, CheckpointFiles.Safetensors), tensors);
            return;
        }

        // Two shards split after the first layer.
        ShardedWeights.Write(folder, tensors, name => name.StartsWith("model.layers.1.", StringComparison.Ordinal) || name is "model.norm.weight" or "lm_head.weight");
    }

    public static JsonObject Config(Options options) => new()
    {
        ["model_type"] = options.ModelType,
        ["architectures"] = new JsonArray($"{char.ToUpperInvariant(options.ModelType[0])}{options.ModelType[1..]}ForCausalLM"),
        ["vocab_size"] = VocabSize,
        ["hidden_size"] = Hidden,
        ["intermediate_size"] = Intermediate,
        ["num_hidden_layers"] = Layers,
        ["num_attention_heads"] = Heads,
        ["num_key_value_heads"] = KeyValueHeads,
        ["hidden_act"] = "silu",
        ["rms_norm_eps"] = 1e-5,
        ["rope_theta"] = 500000.0,
        ["rope_scaling"] = options.ModelType == "llama"
            ? new JsonObject { ["rope_type"] = "llama3", ["factor"] = 8.0, ["low_freq_factor"] = 1.0, ["high_freq_factor"] = 4.0, ["original_max_position_embeddings"] = 8192 }
            : null,
        ["tie_word_embeddings"] = options.TiedEmbeddings,
        ["bos_token_id"] = BeginId,
        ["eos_token_id"] = EndId, // no pad_token_id, as in Llama 3: padding uses end-of-text
        ["torch_dtype"] = options.DType == torch.ScalarType.BFloat16 ? "bfloat16" : options.DType == torch.ScalarType.Float16 ? "float16" : "float32",
    };

    /// <summary>Every tensor of a causal-LM checkpoint by Hugging Face's name (lm_head only when not tied), seeded.</summary>
    public static List<(string Name, torch.Tensor Tensor)> Weights(Options options)
    {
        var headDim = Hidden / Heads;
        var (q, kv) = (Heads * headDim, KeyValueHeads * headDim);
        var qkvBias = options.ModelType == "qwen2";
        var shapes = new List<(string, long[])> { ("model.embed_tokens.weight", [VocabSize, Hidden]) };
        for (var layer = 0; layer < Layers; layer++)
        {
            var p = $"model.layers.{layer}.";
            shapes.AddRange(new (string, long[])[]
            {
                (p + "self_attn.q_proj.weight", [q, Hidden]), (p + "self_attn.k_proj.weight", [kv, Hidden]),
                (p + "self_attn.v_proj.weight", [kv, Hidden]), (p + "self_attn.o_proj.weight", [Hidden, q]),
            });
            if (qkvBias)
            {
                shapes.AddRange(new (string, long[])[] { (p + "self_attn.q_proj.bias", [q]), (p + "self_attn.k_proj.bias", [kv]), (p + "self_attn.v_proj.bias", [kv]) });
            }

            shapes.AddRange(new (string, long[])[]
            {
                (p + "mlp.gate_proj.weight", [Intermediate, Hidden]), (p + "mlp.up_proj.weight", [Intermediate, Hidden]),
                (p + "mlp.down_proj.weight", [Hidden, Intermediate]), (p + "input_layernorm.weight", [Hidden]), (p + "post_attention_layernorm.weight", [Hidden]),
            });
        }

        shapes.Add(("model.norm.weight", [Hidden]));
        if (!options.TiedEmbeddings)
        {
            shapes.Add(("lm_head.weight", [VocabSize, Hidden]));
        }

        var generator = new torch.Generator((ulong)options.Seed);
        return shapes.Select(s =>
        {
            using var noise = torch.randn(s.Item2, generator: generator);
            using var values = s.Item1.EndsWith("norm.weight", StringComparison.Ordinal) ? noise.Times(0.1).Plus(1) : noise.Times(0.2);
            return (s.Item1, values.to_type(options.DType));
        }).ToList();
    }

    /// <summary>The character byte-level BPE writes for each byte (GPT-2's bytes_to_unicode): printable bytes stand for themselves, the rest move past 255.</summary>
    public static char[] ByteCharacters()
    {
        var printable = Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)).ToHashSet();
        var characters = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            characters[b] = printable.Contains(b) ? (char)b : (char)next++;
        }

        return characters;
    }

    /// <summary>Llama 3's tokenizer.json layout: its split pattern, ByteLevel without its own regex, BOS prepended by the post-processor.</summary>
    public static string TokenizerJson() => TokenizerJson(gpt2: false);

    /// <param name="gpt2">GPT-2's layout instead: ByteLevel with its own regex, no BOS, one added token &lt;|endoftext|&gt; at <see cref="BeginId"/>.</param>
    public static string TokenizerJson(bool gpt2)
    {
        var vocab = new JsonObject();
        var characters = ByteCharacters();
        for (var b = 0; b < 256; b++)
        {
            vocab[characters[b].ToString()] = b;
        }

        for (var i = 0; i < MergeList.Length; i++)
        {
            vocab[MergeList[i].Replace(" ", "", StringComparison.Ordinal)] = 256 + i;
        }

        const string pattern = @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";
        if (gpt2)
        {
            return new JsonObject
            {
                ["version"] = "1.0",
                ["added_tokens"] = new JsonArray(new JsonObject { ["id"] = BeginId, ["content"] = "<|endoftext|>", ["special"] = true }),
                ["pre_tokenizer"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true },
                ["post_processor"] = new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = false, ["use_regex"] = true },
                ["model"] = new JsonObject { ["type"] = "BPE", ["vocab"] = vocab, ["merges"] = new JsonArray(MergeList.Select(m => (JsonNode?)m).ToArray()) },
            }.ToJsonString();
        }

        var root = new JsonObject
        {
            ["version"] = "1.0",
            ["added_tokens"] = new JsonArray(
                new JsonObject { ["id"] = BeginId, ["content"] = "<|begin_of_text|>", ["special"] = true },
                new JsonObject { ["id"] = EndId, ["content"] = "<|end_of_text|>", ["special"] = true }),
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "Sequence",
                ["pretokenizers"] = new JsonArray(
                    new JsonObject { ["type"] = "Split", ["pattern"] = new JsonObject { ["Regex"] = pattern }, ["behavior"] = "Isolated", ["invert"] = false },
                    new JsonObject { ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = false }),
            },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "TemplateProcessing",
                ["single"] = new JsonArray(new JsonObject { ["SpecialToken"] = new JsonObject { ["id"] = "<|begin_of_text|>", ["type_id"] = 0 } }, new JsonObject { ["Sequence"] = new JsonObject { ["id"] = "A", ["type_id"] = 0 } }),
                ["special_tokens"] = new JsonObject { ["<|begin_of_text|>"] = new JsonObject { ["id"] = "<|begin_of_text|>", ["ids"] = new JsonArray(BeginId), ["tokens"] = new JsonArray("<|begin_of_text|>") } },
            },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE",
                ["unk_token"] = null,
                ["ignore_merges"] = false,
                ["vocab"] = vocab,
                ["merges"] = new JsonArray(MergeList.Select(m => (JsonNode?)new JsonArray(m.Split(' ')[0], m.Split(' ')[1])).ToArray()),
            },
        };
        return root.ToJsonString();
    }

    /// <summary>The id of a byte-level token spelled in ordinary text ("Text", " the").</summary>
    public static int IdOf(string text)
    {
        var characters = ByteCharacters();
        var spelled = new string(Encoding.UTF8.GetBytes(text).Select(b => characters[b]).ToArray());
        if (spelled.Length == 1)
        {
            return Array.IndexOf(characters, spelled[0]);
        }

        var merge = Array.FindIndex(MergeList, m => m.Replace(" ", "", StringComparison.Ordinal) == spelled);
        return merge >= 0 ? 256 + merge : throw new ArgumentException($"'{text}' is no token of the small vocabulary.");
    }
}
