using LabPortal.Agent.Models;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Agent.Tests.Models;

/// <summary>bf16-frozen and gradient checkpointing on the other families (the parity checkpoints: Llama with GQA and RoPE, GPT-2, T5 gated-GELU).</summary>
public sealed class FamilyPrecisionTests
{
    public static TheoryData<string, string> Variants => new() { { "llama", "q_proj,v_proj" }, { "gpt2", "c_attn" }, { "t5-gated", "q,v" } };

    /// <summary>Full fine-tuning too: T5's position bias is computed once outside the blocks and must get its gradient back through every checkpointed block.</summary>
    public static TheoryData<string, string, MethodKind> CheckpointCases => new()
    {
        { "llama", "q_proj,v_proj", MethodKind.Lora }, { "gpt2", "c_attn", MethodKind.Lora }, { "t5-gated", "q,v", MethodKind.Lora },
        { "gpt2", "c_attn", MethodKind.Full }, { "t5-gated", "q,v", MethodKind.Full },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_bf16_frozen_model_keeps_its_logits_within_bfloat16_rounding_of_fp32(string variant, string targets)
    {
        using var fp32 = Create(variant, targets, PrecisionKind.Fp32);
        using var bf16 = Create(variant, targets, PrecisionKind.Bf16Frozen);
        using var noGrad = no_grad();

        using var expected = Logits(fp32);
        using var actual = Logits(bf16);

        // As for the tiny BERT (PrecisionTests): 2 % of the logits' spread plus 0.02 for bf16's 8 significant bits.
        var spread = (expected.max() - expected.min()).item<float>();
        var difference = (expected - actual).abs().max().item<float>();
        Assert.True(difference < (0.02 * spread) + 0.02, $"max logit difference {difference} (spread {spread})");
        Assert.Equal(ScalarType.BFloat16, bf16.named_parameters().First(p => p.name.EndsWith("base_layer.weight", StringComparison.Ordinal)).parameter.dtype);
        Assert.All(bf16.named_parameters().Where(p => p.parameter.requires_grad), p => Assert.Equal(ScalarType.Float32, p.parameter.dtype));
    }

    [Theory]
    [MemberData(nameof(CheckpointCases))]
    public void A_checkpointed_model_gives_the_same_gradients(string variant, string targets, MethodKind method)
    {
        using var plain = Create(variant, targets, PrecisionKind.Fp32, method);
        using var checkpointed = Create(variant, targets, PrecisionKind.Fp32, method);
        LayerCheckpoint.EnableOn(checkpointed);
        foreach (var model in new[] { plain, checkpointed })
        {
            using var noGrad = no_grad();
            manual_seed(4);
            model.named_parameters().Where(p => p.name.Contains("lora_B", StringComparison.Ordinal)).ToList().ForEach(p => p.parameter.normal_(0, 0.05));
            model.train();
        }

        var expected = Gradients(plain);
        var actual = Gradients(checkpointed);

        foreach (var (name, gradient) in expected)
        {
            Assert.True(gradient.abs().max().item<float>() > 0, $"{name} got no gradient");
            Assert.True(gradient.allclose(actual[name], rtol: 0, atol: 1e-5), $"{name}: max difference {(gradient - actual[name]).abs().max().item<float>()}");
        }
    }

    private static PairClassifier Create(string variant, string targets, PrecisionKind precision, MethodKind method = MethodKind.Lora)
    {
        var model = ParityCheckpoints.Load(variant);
        MethodSetup.Apply(model, new MethodSpec { Kind = method, Rank = 2, Alpha = 4, TargetModules = targets.Split(',') });
        PrecisionSetup.Apply(model, precision);
        model.eval();
        return model;
    }

    /// <summary>(2, 2) logits of two right-padded prompts of 7 tokens.</summary>
    private static Tensor Logits(PairClassifier model)
    {
        using var ids = tensor(new long[] { 5, 9, 3, 17, 2, 8, 11, 4, 6, 12, 7, 1, 0, 0 }, 2, 7);
        using var mask = tensor(new long[] { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0 }, 2, 7);
        return model.call(ids, ids, mask);
    }

    private static Dictionary<string, Tensor> Gradients(PairClassifier model)
    {
        manual_seed(5);
        using (var logits = Logits(model))
        using (var sum = (logits * linspace(-1, 1, 4).view(2, 2)).sum())
        {
            sum.backward();
        }

        return model.named_parameters().Where(p => p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter.grad!.detach().clone());
    }
}
