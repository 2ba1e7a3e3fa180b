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
