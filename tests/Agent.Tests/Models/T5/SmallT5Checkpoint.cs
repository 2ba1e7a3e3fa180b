using System.Text.Json.Nodes;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Tests.Models.Checkpoints;
using LabPortal.Agent.Tests.Tokenization;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.T5;

/// <summary>
/// Writes a tiny T5 checkpoint folder as Hugging Face's save_pretrained would: config.json, random weights by Hugging
/// Face's tensor names (spelled out here, not taken from our model) — a T5EncoderModel's, or a full
/// T5ForConditionalGeneration's with decoder and LM head — in fp32, fp16 or bf16, in one file or two shards, and a
/// Unigram spiece.model of a few dozen pieces (T5's ids: pad 0, eos 1, unk 2, no BOS).
/// </summary>
internal static class SmallT5Checkpoint
{
    public const int ModelDim = 16;
    public const int KeyValueDim = 4;
    public const int Heads = 4;
    public const int FeedForward = 32;
    public const int Layers = 2;
    public const int Buckets = 8;
    public const int VocabSize = 100;

    /// <summary>Whole words, each one piece (ids 3 …), then single characters so every text tokenizes.</summary>
    public static readonly string[] Words =
        ["▁How", "▁do", "▁I", "▁learn", "▁the", "▁piano", "?", "▁What", "▁is", "▁best", "▁way", "▁to", "▁Is", "▁it", "▁rain", "ing", "▁Why", "▁sky", "▁blue", "▁"];

    /// <summary>The written model's widths and counts; the defaults are the small ones above (the memory bench writes a larger one).</summary>
    public sealed record Dimensions(
        int ModelDim = SmallT5Checkpoint.ModelDim, int KeyValueDim = SmallT5Checkpoint.KeyValueDim, int Heads = SmallT5Checkpoint.Heads,
        int FeedForward = SmallT5Checkpoint.FeedForward, int Layers = SmallT5Checkpoint.Layers, int VocabSize = SmallT5Checkpoint.VocabSize);

    public sealed record Options
    {
        public Dimensions Size { get; init; } = new();

        public torch.ScalarType DType { get; init; } = torch.ScalarType.Float32;
        public bool Sharded { get; init; }

        /// <summary>A full T5ForConditionalGeneration (decoder, LM head, encoder.embed_tokens beside shared) instead of a T5EncoderModel.</summary>
        public bool Full { get; init; }

        public bool Gated { get; init; } = true;
        public int Seed { get; init; } = 11;
    }

    public static void Write(string folder, Options? options = null)
    {
        options ??= new Options();
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, CheckpointFiles.Config), Config(options).ToJsonString());
        File.WriteAllBytes(Path.Combine(folder, "spiece.model"), SentencePieceModel());
        var tensors = Weights(options);
        if (!options.Sharded)
        {
            SafetensorsFile.Write(Path.Combine(folder, CheckpointFiles.Safetensors), tensors);
            return;
        }

        // Two shards split after the first block.
        ShardedWeights.Write(folder, tensors, name => name.StartsWith("encoder.block.1.", StringComparison.Ordinal) || name == "encoder.final_layer_norm.weight");
    }

    public static JsonObject Config(Options options) => new()
    {
        ["model_type"] = "t5",
        ["architectures"] = new JsonArray(options.Full ? "T5ForConditionalGeneration" : "T5EncoderModel"),
        ["vocab_size"] = options.Size.VocabSize,
        ["d_model"] = options.Size.ModelDim,
        ["d_kv"] = options.Size.KeyValueDim,
        ["d_ff"] = options.Size.FeedForward,
        ["num_layers"] = options.Size.Layers,
        ["num_decoder_layers"] = 1,
        ["num_heads"] = options.Size.Heads,
        ["relative_attention_num_buckets"] = Buckets,
        ["relative_attention_max_distance"] = 20,
        ["dropout_rate"] = 0.1,
        ["layer_norm_epsilon"] = 1e-6,
        ["initializer_factor"] = 1.0,
        ["feed_forward_proj"] = options.Gated ? "gated-gelu" : "relu",
        ["is_encoder_decoder"] = options.Full,
        ["tie_word_embeddings"] = false,
        ["pad_token_id"] = 0,
        ["eos_token_id"] = 1,
        ["decoder_start_token_id"] = 0,
        ["torch_dtype"] = options.DType == torch.ScalarType.BFloat16 ? "bfloat16" : options.DType == torch.ScalarType.Float16 ? "float16" : "float32",
    };

    /// <summary>Every tensor of the checkpoint by Hugging Face's name, seeded.</summary>
    public static List<(string Name, torch.Tensor Tensor)> Weights(Options options)
    {
        var (d, f, heads, vocabulary) = (options.Size.ModelDim, options.Size.FeedForward, options.Size.Heads, options.Size.VocabSize);
        var inner = heads * options.Size.KeyValueDim;
        var shapes = new List<(string, long[])> { ("shared.weight", [vocabulary, d]) };
        for (var layer = 0; layer < options.Size.Layers; layer++)
        {
            var p = $"encoder.block.{layer}.layer.";
            shapes.AddRange(new (string, long[])[]
            {
                (p + "0.SelfAttention.q.weight", [inner, d]), (p + "0.SelfAttention.k.weight", [inner, d]),
                (p + "0.SelfAttention.v.weight", [inner, d]), (p + "0.SelfAttention.o.weight", [d, inner]),
                (p + "0.layer_norm.weight", [d]), (p + "1.layer_norm.weight", [d]),
                (p + "1.DenseReluDense.wo.weight", [d, f]),
            });
            shapes.AddRange(options.Gated
                ? new (string, long[])[] { (p + "1.DenseReluDense.wi_0.weight", [f, d]), (p + "1.DenseReluDense.wi_1.weight", [f, d]) }
                : [(p + "1.DenseReluDense.wi.weight", [f, d])]);
            if (layer == 0)
            {
                shapes.Add((p + "0.SelfAttention.relative_attention_bias.weight", [Buckets, heads]));
            }
        }

        shapes.Add(("encoder.final_layer_norm.weight", [d]));
        if (options.Full)
        {
            // A decoder and LM head the encoder never reads (one decoder tensor per kind is enough to be ignored).
            shapes.AddRange(new (string, long[])[]
            {
                ("decoder.block.0.layer.0.SelfAttention.q.weight", [inner, d]), ("decoder.block.0.layer.1.EncDecAttention.k.weight", [inner, d]),
                ("decoder.final_layer_norm.weight", [d]), ("lm_head.weight", [vocabulary, d]),
            });
        }

        var generator = new torch.Generator((ulong)options.Seed);
        var tensors = shapes.Select(s =>
        {
            using var noise = torch.randn(s.Item2, generator: generator);
            using var values = s.Item1.EndsWith("norm.weight", StringComparison.Ordinal) ? noise.Times(0.1).Plus(1) : noise.Times(0.3);
            return (s.Item1, values.to_type(options.DType));
        }).ToList();
        if (options.Full)
        {
            tensors.Add(("encoder.embed_tokens.weight", tensors[0].Item2.clone())); // tied to shared, saved under both names by older checkpoints
        }

        return tensors;
    }

    /// <summary>T5's spiece.model in miniature: &lt;pad&gt; 0, &lt;/s&gt; 1, &lt;unk&gt; 2, the <see cref="Words"/> from 3, then letters, digits and punctuation.</summary>
    public static byte[] SentencePieceModel()
    {
        var characters = Enumerable.Range('a', 26).Concat(Enumerable.Range('A', 26)).Concat(Enumerable.Range('0', 10)).Select(c => ((char)c).ToString()).Concat([".", ",", "'", "!", "-", ":", "(", ")"]);
        List<SentencePieceModelFile.Piece> pieces =
        [
            new("<pad>", 0, SentencePieceModelFile.PieceType.Control),
            new("</s>", 0, SentencePieceModelFile.PieceType.Control),
            new("<unk>", 0, SentencePieceModelFile.PieceType.Unknown),
            .. Words.Select(w => new SentencePieceModelFile.Piece(w, -3)),
            .. characters.Select(c => new SentencePieceModelFile.Piece(c, -10)),
        ];
        return SentencePieceModelFile.Bytes(pieces, new SentencePieceModelFile.Spec(SentencePieceModelFile.Kind.Unigram, UnknownId: 2, BeginId: -1, EndId: 1, PadId: 0));
    }

    /// <summary>The id of one of the <see cref="Words"/>.</summary>
    public static int IdOf(string word) => 3 + Array.IndexOf(Words, word) is var id && id >= 3 ? id : throw new ArgumentException($"'{word}' is no word piece of the small vocabulary.");
}
