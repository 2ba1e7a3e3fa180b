using LabPortal.Agent.Models;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Tests.Training;

/// <summary>
/// training.gradientCheckpointing recomputes each layer in backward: the gradients must be those of the ordinary
/// backward pass, dropout included (the tiny model has BERT's 0.1 hidden and attention dropout, in train mode here,
/// so equal gradients also show the recomputation drew the same masks).
/// </summary>
public sealed class GradientCheckpointingTests
{
    public static TheoryData<MethodKind> Methods => new() { MethodKind.Lora, MethodKind.Full };

    [Theory]
    [MemberData(nameof(Methods))]
    public void Checkpointed_layers_give_the_same_gradients_as_kept_activations(MethodKind method)
    {
        var spec = new MethodSpec { Kind = method, Rank = 4, Alpha = 8 };
        using var plain = TinyBatch.Create(spec);
        using var checkpointed = TinyBatch.Create(spec);
        LayerCheckpoint.EnableOn(checkpointed.Model);
        CopyTrainable(plain.Model, checkpointed.Model);
        plain.Model.train();
        checkpointed.Model.train();

        var expected = TinyBatch.Gradients(plain.Model, seed: 3);
        var actual = TinyBatch.Gradients(checkpointed.Model, seed: 3);

        Assert.Equal(expected.Keys, actual.Keys);
        Assert.Contains(expected.Keys, name => name.Contains("layer.0.", StringComparison.Ordinal)); // the first layer's weights get gradients too
        foreach (var (name, gradient) in expected)
        {
            Assert.True(gradient.abs().max().item<float>() > 0, $"{name} got no gradient");
            Assert.True(gradient.allclose(actual[name], rtol: 0, atol: 1e-5), $"{name}: max difference {(gradient - actual[name]).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void Checkpointing_changes_nothing_in_evaluation()
    {
        var spec = new MethodSpec { Kind = MethodKind.Lora, Rank = 4, Alpha = 8 };
        using var plain = TinyBatch.Create(spec);
        using var checkpointed = TinyBatch.Create(spec);
        LayerCheckpoint.EnableOn(checkpointed.Model);
        plain.Model.eval();
        checkpointed.Model.eval();

        using var expected = TinyBatch.Logits(plain.Model);
        using var actual = TinyBatch.Logits(checkpointed.Model);

        Assert.True(expected.allclose(actual, rtol: 0, atol: 0));
    }

    /// <summary>LoRA's B starts at zero, so A would get no gradient; both models get the same nonzero B first.</summary>
    private static void CopyTrainable(PairClassifier from, PairClassifier to)
    {
        using var noGrad = TorchSharp.torch.no_grad();
        TorchSharp.torch.manual_seed(9);
        var target = to.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, parameter) in from.named_parameters().Where(p => p.parameter.requires_grad))
        {
            if (name.Contains("lora_B", StringComparison.Ordinal))
            {
                parameter.normal_(0, 0.05);
            }

            target[name].copy_(parameter);
        }
    }
}
