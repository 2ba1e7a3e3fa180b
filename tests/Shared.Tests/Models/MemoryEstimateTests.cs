using System.Text.Json;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Models;

namespace LabPortal.Shared.Tests.Models;

/// <summary>The estimate on shapes small enough to count by hand (the counts are written out beside each case).</summary>
public sealed class MemoryEstimateTests
{
    // BERT layer: d 4, f 8, 2 heads, 2 layers, 1,000 body parameters.
    private static readonly ModelInfo SmallBert = new("small", "hand-sized", 1000, 4, 2) { Family = "bert", IntermediateSize = 8, AttentionHeads = 2 };

    // batch 2 × length 3 = 6 tokens; h·T = 6
    private static ExperimentSpec Spec(MethodKind kind, PrecisionKind precision = PrecisionKind.Fp32, bool checkpointing = false, CheckpointMetric best = CheckpointMetric.Last) => new()
    {
        Model = "small",
        Method = new MethodSpec { Kind = kind, Rank = 1, TargetModules = ["query", "value"] },
        Training = new TrainingSpec { BatchSize = 2, MaxLength = 3, Precision = precision, GradientCheckpointing = checkpointing, BestMetric = best },
    };

    [Fact]
    public void Lora_on_a_bert_layer_counts_adapters_head_optimiser_and_every_layers_activations()
    {
        var estimate = MemoryEstimate.For(Spec(MethodKind.Lora), SmallBert)!;

        // head d² + 8d = 48; LoRA 2 layers × (1·(4+4) query + 1·(4+4) value) = 32; trainable 80, frozen 1,000
        Assert.Equal((1000 * 4) + (80 * 4), estimate.WeightBytes);
        // gradient 4 + two fp32 moments 8 per trainable weight
        Assert.Equal(80 * 12, estimate.TrainingStateBytes);
        // per token: layer 7d + f + 3hT = 54, + x (4) + x·Aᵀ of 2 adapters (2) = 60, × 2 layers = 120;
        // embeddings 2d = 8; backward's working set 2·max(hT, f) = 16 → 144 × 6 tokens × 4 B
        Assert.Equal(144 * 6 * 4, estimate.ActivationBytes);
        Assert.Equal(4320 + 960 + 3456, estimate.TotalBytes);
    }

    [Fact]
    public void Gradient_checkpointing_keeps_each_layers_input_and_one_layers_activations()
    {
        var estimate = MemoryEstimate.For(Spec(MethodKind.Lora, checkpointing: true), SmallBert)!;

        // 2 layers × d = 8, + one layer's 60, + embeddings 8 + working set 16 = 92 per token
        Assert.Equal(92 * 6 * 4, estimate.ActivationBytes);
    }

    [Fact]
    public void Full_fine_tuning_trains_every_weight_and_keeps_every_linear_input_and_a_best_copy()
    {
        var estimate = MemoryEstimate.For(Spec(MethodKind.Full, best: CheckpointMetric.Accuracy), SmallBert)!;

        // 1,000 + head 48 = 1,048 trainable, nothing frozen
        Assert.Equal(1048 * 4, estimate.WeightBytes);
        // gradient 4 + moments 8 + the best checkpoint's copy 4
        Assert.Equal(1048 * 16, estimate.TrainingStateBytes);
        // layer 54 + linear inputs d + d + d + f = 20 → 74, × 2 = 148, + 8 + 16 = 172 per token
        Assert.Equal(172 * 6 * 4, estimate.ActivationBytes);
    }

    [Fact]
    public void Bf16_frozen_weights_halve_the_frozen_weights_and_activations_but_not_the_trainable_ones()
    {
        var estimate = MemoryEstimate.For(Spec(MethodKind.Lora, PrecisionKind.Bf16Frozen), SmallBert)!;

        Assert.Equal((1000 * 2) + (80 * 4), estimate.WeightBytes);
        Assert.Equal(80 * 12, estimate.TrainingStateBytes);
        Assert.Equal(144 * 6 * 2, estimate.ActivationBytes);
    }

    [Fact]
    public void A_llama_layer_with_grouped_query_attention_adapts_narrower_value_projections()
    {
        // d 8, f 16, 2 query heads sharing 1 key/value head (head width 4), 1 layer, 500 body parameters
        var llama = new ModelInfo("small-llama", "hand-sized", 500, 8, 1) { Family = "llama", IntermediateSize = 16, AttentionHeads = 2, KeyValueHeads = 1 };
        var spec = new ExperimentSpec
        {
            Model = "small-llama",
            Method = new MethodSpec { Kind = MethodKind.Lora, Rank = 2, TargetModules = ["q_proj", "v_proj"] },
            Training = new TrainingSpec { BatchSize = 1, MaxLength = 2, BestMetric = CheckpointMetric.Last },
        };

        var estimate = MemoryEstimate.For(spec, llama)!;

        // LoRA q_proj 2·(8+8) = 32, v_proj 2·(8+4) = 24; head 8² + 8·8 = 128 → 184 trainable, 500 frozen
        Assert.Equal((500 * 4) + (184 * 4), estimate.WeightBytes);
        // per token (h·T = 4): layer 5d + 3f + hT = 92, + the RMSNorm output both adapters read (8) + their x·Aᵀ (2 × 2)
        // = 104; no embedding activations; working set 2·max(4, 16) = 32 → 136 × 2 tokens × 4 B
        Assert.Equal(136 * 2 * 4, estimate.ActivationBytes);
    }

    // T5 encoder: d 4, d_kv 3 × 2 heads (attention width i = 6, not d), f 8, 2 layers, 1,000 body parameters; plain ReLU feed-forward.
    private static readonly ModelInfo SmallT5 = new("small-t5", "hand-sized", 1000, 4, 2) { Family = "t5", IntermediateSize = 8, AttentionHeads = 2, HeadSize = 3 };

    private static ExperimentSpec T5Spec(MethodKind kind, IReadOnlyList<string> targets, bool checkpointing = false) => Spec(kind, checkpointing: checkpointing) with
    {
        Model = "small-t5",
        Method = new MethodSpec { Kind = kind, Rank = 1, TargetModules = targets },
    };

    [Fact]
    public void Lora_on_a_t5_blocks_q_and_v_counts_their_attention_width_and_every_blocks_activations()
    {
        var estimate = MemoryEstimate.For(T5Spec(MethodKind.Lora, ["q", "v"]), SmallT5)!;

        // LoRA 2 blocks × (q 1·(4+6) + v 1·(4+6)) = 40; head d² + 8d = 48; trainable 88, frozen 1,000
        Assert.Equal((1000 * 4) + (88 * 4), estimate.WeightBytes);
        Assert.Equal(88 * 12, estimate.TrainingStateBytes);
        // per token (h·T = 6): block 4d + 3i + 3hT + 2f = 16 + 18 + 18 + 16 = 68, + the norm output q and v read (4) + their
        // x·Aᵀ (2) = 74, × 2 blocks = 148; embedding dropout, final norm and dropout 3d = 12; working set 2·max(6, 8) = 16
        Assert.Equal(176 * 6 * 4, estimate.ActivationBytes);
    }

    [Fact]
    public void A_gated_t5_feed_forward_keeps_two_more_widths_per_block_and_its_wi_target_adapts_both_input_projections()
    {
        var gated = SmallT5 with { GatedFeedForward = true };

        var onAttention = MemoryEstimate.For(T5Spec(MethodKind.Lora, ["q", "v"]), gated)!;
        var relu = MemoryEstimate.For(T5Spec(MethodKind.Lora, ["wi"]), SmallT5)!;
        var bothInputs = MemoryEstimate.For(T5Spec(MethodKind.Lora, ["wi"]), gated)!;

        // GELU's input and output, wi_1's output and the noise (4f) instead of ReLU's output and the noise (2f): 2 blocks × 16 more
        Assert.Equal((176 + 32) * 6 * 4, onAttention.ActivationBytes);
        // wi: 2 blocks × 1·(4+8) = 24; gated, wi_0 and wi_1: 48; each + head 48
        Assert.Equal((1000 * 4) + (72 * 4), relu.WeightBytes);
        Assert.Equal((1000 * 4) + (96 * 4), bothInputs.WeightBytes);
    }

    [Fact]
    public void Full_fine_tuning_of_t5_keeps_the_context_at_attention_width_and_the_norms_inputs()
    {
        var estimate = MemoryEstimate.For(T5Spec(MethodKind.Full, ["q", "v"]), SmallT5)!;

        // block 68 + linear inputs norm1 d + context i + norm2 d + dropped f = 22 + normalised inputs 2d = 8 → 98,
        // × 2 = 196, + 12 + 16 = 224 per token
        Assert.Equal(224 * 6 * 4, estimate.ActivationBytes);
        Assert.Equal(1048 * 12, estimate.TrainingStateBytes);
    }

    [Fact]
    public void Gradient_checkpointing_a_t5_encoder_keeps_each_blocks_input_the_shared_position_bias_and_one_blocks_activations()
    {
        var plain = MemoryEstimate.For(T5Spec(MethodKind.Lora, ["q", "v"]), SmallT5)!;
        var checkpointed = MemoryEstimate.For(T5Spec(MethodKind.Lora, ["q", "v"], checkpointing: true), SmallT5)!;

        // 2 blocks × d = 8, + the position bias hT = 6, + one block's 74, + 12 + 16 = 116 per token (176 without)
        Assert.Equal(116 * 6 * 4, checkpointed.ActivationBytes);
        Assert.True(checkpointed.ActivationBytes < plain.ActivationBytes);
    }

    [Fact]
    public void An_older_agents_model_description_still_reads_and_has_no_estimate()
    {
        const string olderAgent = """{"name":"tiny","description":"random","parameters":1000,"hiddenSize":128,"layers":2}""";

        var model = JsonSerializer.Deserialize<ModelInfo>(olderAgent, LabJson.Options)!; // the hub's JSON options

        Assert.Equal(("tiny", 128, 2), (model.Name, model.HiddenSize, model.Layers));
        Assert.False(model.HasMemoryShape);
        Assert.Null(MemoryEstimate.For(Spec(MethodKind.Lora), model));
    }

    [Fact]
    public void A_model_whose_agent_did_not_describe_its_shape_has_no_estimate()
    {
        var spec = Spec(MethodKind.Lora);

        Assert.Null(MemoryEstimate.For(spec, new ModelInfo("old-agent", "no shape", 1000, 4, 2)));
        Assert.Null(MemoryEstimate.For(spec, SmallBert with { Family = "unheard-of" }));
        Assert.Null(MemoryEstimate.For(spec, null));
    }
}
