using LabPortal.Agent.Adapters;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Tests.Models;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp;

namespace LabPortal.Agent.Tests.Training;

public sealed class MethodSetupTests
{
    private static readonly BertConfig Small = SmallModel.Config;

    private static readonly MethodSpec EnhancedWithC2 = new() { Kind = MethodKind.EnhancedLora, Rank = 4, DecompositionInit = true };

    [Fact]
    public void With_c2_on_the_lora_factors_get_no_weight_decay_and_the_initial_function_is_unchanged()
    {
        using var model = NewModel(Small);
        using var before = Logits(model);

        MethodSetup.Apply(model, EnhancedWithC2);
        using var optimizer = TrainingOptimizer.Create(model, 1e-3, 0.1, LearningRateScales.From(EnhancedWithC2), MethodSetup.DecaysLoraFactors(EnhancedWithC2));

        using var after = Logits(model);
        Assert.True(before.allclose(after, rtol: 1e-4, atol: 1e-5), "C2 moves the principal components into A and B and freezes the residual: same function");
        var decayOfLora = DecayByRole(optimizer, model).Where(g => g.Role != ParameterRole.Base).Select(g => g.Decay).Distinct();
        Assert.Equal([0.0], decayOfLora);
        Assert.Contains(DecayByRole(optimizer, model), g => g.Role == ParameterRole.Base && g.Decay == 0.1); // the head's weight still decays
    }

    [Fact]
    public void Without_c2_the_lora_factors_decay_like_any_other_weight()
    {
        var lora = new MethodSpec { Kind = MethodKind.Lora, Rank = 4 };
        using var model = NewModel(Small);
        MethodSetup.Apply(model, lora);

        using var optimizer = TrainingOptimizer.Create(model, 1e-3, 0.1, LearningRateScales.From(lora), MethodSetup.DecaysLoraFactors(lora));

        Assert.All(DecayByRole(optimizer, model).Where(g => g.Role != ParameterRole.Base), g => Assert.Equal(0.1, g.Decay));
    }

    [Fact]
    public void Robertas_whole_classification_head_trains_under_lora_and_travels_with_the_adapter()
    {
        var roberta = Small with { Family = EncoderFamily.Roberta, PadTokenId = 1 };
        using var model = NewModel(roberta);

        MethodSetup.Apply(model, new MethodSpec { Kind = MethodKind.Lora, Rank = 4 });

        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => CheckpointKeys.Exported(p.name, roberta)).ToList();
        Assert.Contains("classifier.dense.weight", trainable);
        Assert.Contains("classifier.out_proj.weight", trainable);
        var saved = PeftHead.Parameters(model, PeftHead.ModulesToSave(model)).Select(p => p.Name).ToList();
        Assert.Equal(["classifier.dense.weight", "classifier.dense.bias", "classifier.out_proj.weight", "classifier.out_proj.bias"], saved);
    }

    [Fact]
    public void Berts_pooler_stays_frozen_under_lora_as_in_peft()
    {
        using var model = NewModel(Small);

        MethodSetup.Apply(model, new MethodSpec { Kind = MethodKind.Lora, Rank = 4 });

        Assert.False(model.named_parameters().Single(p => p.name == "bert.pooler.dense.weight").parameter.requires_grad);
    }

    [Fact]
    public void Robertas_head_dense_changes_after_a_lora_training_step()
    {
        var roberta = Small with { Family = EncoderFamily.Roberta, PadTokenId = 1 };
        using var model = NewModel(roberta);
        var lora = new MethodSpec { Kind = MethodKind.Lora, Rank = 4 };
        MethodSetup.Apply(model, lora);
        using var optimizer = TrainingOptimizer.Create(model, 1e-2, 0, LearningRateScales.From(lora));
        var dense = model.named_parameters().Single(p => p.name == "roberta.pooler.dense.weight").parameter;
        using var before = dense.detach().clone();

        model.train();
        using (var logits = Logits(model, train: true))
        {
            using var loss = torch.nn.functional.cross_entropy(logits, torch.tensor(new long[] { 0, 1 }));
            loss.backward();
        }

        optimizer.Step();
        Assert.False(before.allclose(dense.detach()), "the dense layer of RoBERTa's head did not move");
    }

    /// <summary>Each trainable weight matrix's role and decay (biases and LayerNorms never decay, so they are left out).</summary>
    private static List<(ParameterRole Role, double Decay)> DecayByRole(TrainingOptimizer optimizer, BertForPairClassification model) =>
        model.named_parameters().Where(p => p.parameter.requires_grad && !TrainingOptimizer.IsExemptFromDecay(p.name))
            .Select(p => (TrainingOptimizer.RoleOf(p.name), optimizer.WeightDecayOf(p.name)))
            .ToList();

    private static BertForPairClassification NewModel(BertConfig config) => SmallModel.Create(config);

    private static torch.Tensor Logits(BertForPairClassification model, bool train = false) => SmallModel.Logits(model, train);
}
