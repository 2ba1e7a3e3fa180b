using System.Text.Json.Nodes;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.T5;
using LabPortal.Agent.Tokenization;
using LabPortal.Shared.Experiments;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.T5;

public sealed class T5CheckpointTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(torch.ScalarType.Float32, false, false, true)]
    [InlineData(torch.ScalarType.BFloat16, true, false, true)]
    [InlineData(torch.ScalarType.Float16, false, true, true)]
    [InlineData(torch.ScalarType.Float32, false, false, false)]
    public void A_t5_checkpoint_folder_loads_every_encoder_tensor_by_its_hugging_face_name(torch.ScalarType dtype, bool sharded, bool full, bool gated)
    {
        var folder = Path.Combine(_temp.Path, "t5");
        var options = new SmallT5Checkpoint.Options { DType = dtype, Sharded = sharded, Full = full, Gated = gated };
        SmallT5Checkpoint.Write(folder, options);

        using var loaded = new ModelCatalogue([]).Create(folder, seed: 1, torch.CPU);

        var model = Assert.IsType<T5ForPairClassification>(loaded.Model);
        var encoderOnly = SmallT5Checkpoint.Weights(options).Where(w => !IsDecoderSide(w.Name)).ToDictionary(w => w.Name, w => w.Tensor);
        var parameters = model.named_parameters().Where(p => p.name.StartsWith("transformer.", StringComparison.Ordinal))
            .ToDictionary(p => p.name["transformer.".Length..], p => p.parameter);
        // Every encoder tensor is a parameter of the same name (under transformer.), holding its value as fp32; the
        // decoder, LM head and the second name of the shared embeddings are left unused.
        Assert.Equal(encoderOnly.Keys.Order(), parameters.Keys.Order());
        Assert.Equal(["classifier.bias", "classifier.weight"], model.named_parameters().Select(p => p.name).Where(n => !n.StartsWith("transformer.", StringComparison.Ordinal)).Order());
        Assert.All(encoderOnly, w => Assert.True(parameters[w.Key].allclose(w.Value.to_type(torch.ScalarType.Float32), rtol: 0, atol: 0), w.Key));
        Assert.Equal(new PairHead(HeadKind.CrossEncoder, PoolingKind.Mean), model.Head);
        Assert.Equal(gated, parameters.ContainsKey("encoder.block.1.layer.1.DenseReluDense.wi_0.weight"));
        Assert.False(parameters.ContainsKey("encoder.block.1.layer.0.SelfAttention.relative_attention_bias.weight"), "only the first block holds the relative bias");
    }

    [Fact]
    public void A_t5_pair_is_both_texts_each_closed_by_end_of_sequence_without_a_classify_token()
    {
        var folder = Path.Combine(_temp.Path, "t5");
        SmallT5Checkpoint.Write(folder);
        using var loaded = new ModelCatalogue([]).Create(folder, seed: 1, torch.CPU);
        var encoder = new PairEncoder(loaded.Tokenizer, maxLength: 64);

        var pair = encoder.Encode("How do I learn the piano?", "What is the best way to learn the piano?");

        int[] first = [.. new[] { "▁How", "▁do", "▁I", "▁learn", "▁the", "▁piano", "?" }.Select(SmallT5Checkpoint.IdOf)];
        int[] second = [.. new[] { "▁What", "▁is", "▁the", "▁best", "▁way", "▁to", "▁learn", "▁the", "▁piano", "?" }.Select(SmallT5Checkpoint.IdOf)];
        Assert.Equal([.. first, 1, .. second, 1], pair.InputIds);
        Assert.All(pair.TokenTypeIds, t => Assert.Equal(0, t));
        Assert.Equal(new SpecialTokens(Pad: 0, Unknown: 2, Classify: null, Separator: 1), loaded.Tokenizer.Special);
        // C3 reads each question's own tokens: from 0 (no classify token) to its </s>.
        var (a, b) = PairSegments.Of(pair, loaded.Tokenizer.Special.Separator);
        Assert.Equal(first, pair.InputIds[a]);
        Assert.Equal(second, pair.InputIds[b]);
        // A bi-encoder reads each text alone as "text </s>".
        var (alone, _) = SingleTexts.Of(pair, loaded.Tokenizer.Special);
        Assert.Equal([.. first, 1], alone.InputIds);
    }

    [Fact]
    public void Truncation_keeps_part_of_both_t5_texts_and_both_end_of_sequence_tokens()
    {
        var folder = Path.Combine(_temp.Path, "t5");
        SmallT5Checkpoint.Write(folder);
        using var loaded = new ModelCatalogue([]).Create(folder, seed: 1, torch.CPU);

        var pair = new PairEncoder(loaded.Tokenizer, maxLength: 8).Encode("How do I learn the piano?", "What is the best way to learn the piano?");

        Assert.Equal(8, pair.Length);
        var (a, b) = PairSegments.Of(pair, 1);
        Assert.Equal((3, 3), (pair.InputIds[a].Length, pair.InputIds[b].Length));
        Assert.Equal(1, pair.InputIds[3]);
        Assert.Equal(1, pair.InputIds[^1]);
    }

    [Fact]
    public void Characters_outside_the_vocabulary_become_the_unknown_piece()
    {
        var folder = Path.Combine(_temp.Path, "t5");
        SmallT5Checkpoint.Write(folder);
        using var loaded = new ModelCatalogue([]).Create(folder, seed: 1, torch.CPU);

        Assert.Equal([SmallT5Checkpoint.IdOf("▁Is"), SmallT5Checkpoint.IdOf("▁it"), SmallT5Checkpoint.IdOf("▁"), 2], loaded.Tokenizer.Tokenize("Is it €"));
    }

    [Fact]
    public void The_catalogue_describes_a_t5_folder_by_its_encoder_size()
    {
        var folder = Path.Combine(_temp.Path, "t5");
        SmallT5Checkpoint.Write(folder, new SmallT5Checkpoint.Options { Full = true });
        var entry = new ModelCatalogue([]).FindOrOpen(folder);

        var shape = entry.Architecture!.Shape;
        using var model = entry.Architecture.Create(T5ForPairClassification.DefaultHead, 2);

        Assert.Equal(model.parameters().Sum(p => p.numel()) - ((2 * SmallT5Checkpoint.ModelDim) + 2), shape.Parameters); // all but the classifier
        Assert.Equal((SmallT5Checkpoint.ModelDim, SmallT5Checkpoint.Layers), (shape.HiddenSize, shape.Layers));
        Assert.StartsWith("t5 encoder: 2 layers, d_model 16, 4 heads, gated-gelu_new feed-forward", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void The_catalogue_tells_the_portal_a_t5_folders_shape_for_the_memory_estimate()
    {
        var folder = Path.Combine(_temp.Path, "t5");
        SmallT5Checkpoint.Write(folder);

        var info = new ModelCatalogue([]).FindOrOpen(folder).Architecture!.Describe("t5", "small");

        Assert.Equal(("t5", SmallT5Checkpoint.FeedForward, SmallT5Checkpoint.Heads, SmallT5Checkpoint.KeyValueDim, true, SmallT5Checkpoint.VocabSize),
            (info.Family, info.IntermediateSize, info.AttentionHeads, info.HeadSize, info.GatedFeedForward, info.VocabSize));
        Assert.True(info.HasMemoryShape);
    }

    [Theory]
    [InlineData("d_model", null, "the field d_model is missing")]
    [InlineData("feed_forward_proj", "gated-swish", "feed_forward_proj 'gated-swish' is not supported")]
    [InlineData("relative_attention_num_buckets", 3, "relative_attention_num_buckets must be even and at least 4")]
    public void A_bad_t5_config_is_refused_naming_the_file_and_the_field(string field, object? value, string message)
    {
        var folder = Path.Combine(_temp.Path, "bad");
        SmallT5Checkpoint.Write(folder);
        var configPath = Path.Combine(folder, CheckpointFiles.Config);
        var config = JsonNode.Parse(File.ReadAllText(configPath))!.AsObject();
        config.Remove(field);
        if (value is not null)
        {
            config[field] = JsonValue.Create(value);
        }

        File.WriteAllText(configPath, config.ToJsonString());

        var error = Assert.Throws<CheckpointException>(() => new ModelCatalogue([]).FindOrOpen(folder));
        Assert.Contains(configPath, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_t5_folder_without_a_sentencepiece_model_is_refused_naming_the_files()
    {
        var folder = Path.Combine(_temp.Path, "t5");
        SmallT5Checkpoint.Write(folder);
        File.Delete(Path.Combine(folder, "spiece.model"));
        File.WriteAllText(Path.Combine(folder, CheckpointFiles.TokenizerJson), "{}");

        var error = Assert.Throws<CheckpointException>(() => new ModelCatalogue([]).FindOrOpen(folder));

        Assert.Contains("neither spiece.model nor tokenizer.model", error.Message, StringComparison.Ordinal);
        Assert.Contains("tokenizer.json alone is not read for T5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_t5_encoder_refuses_pooler_pooling_by_name()
    {
        var folder = Path.Combine(_temp.Path, "t5");
        SmallT5Checkpoint.Write(folder);

        var error = Assert.Throws<ArgumentException>(() => new ModelCatalogue([]).Create(folder, seed: 1, torch.CPU, new HeadSpec { Pooling = PoolingKind.Pooler }));

        Assert.Contains("A T5 encoder has no pooler", error.Message, StringComparison.Ordinal);
    }

    private static bool IsDecoderSide(string name) =>
        name.StartsWith("decoder.", StringComparison.Ordinal) || name == "lm_head.weight" || name == "encoder.embed_tokens.weight";
}
