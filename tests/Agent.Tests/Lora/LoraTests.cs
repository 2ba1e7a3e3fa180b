using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Agent.Tests.Models;
using TorchSharp;

namespace LabPortal.Agent.Tests.Lora;

public sealed class LoraTests
{
    private static LoraSettings QueryValue(int rank = 4, bool decomposition = false) =>
        new(rank, Alpha: 8, Dropout: 0, RsLora: false, ["query", "value"], decomposition);

    [Fact]
    public void Injecting_adapters_leaves_the_initial_function_unchanged_because_B_starts_at_zero()
    {
        using var model = NewModel();
        using var before = Logits(model);

        LoraInjector.Inject(model, QueryValue());
        using var after = Logits(model);

        Assert.True(before.allclose(after, rtol: 0, atol: 0));
    }

    [Fact]
    public void Adapter_parameters_carry_PEFT_names_and_only_they_and_the_head_train()
    {
        using var model = NewModel();
        LoraInjector.Inject(model, QueryValue());
        LoraInjector.MarkOnlyLoraAndHeadTrainable(model);

        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name).ToList();

        Assert.Equal(
            [
                "bert.encoder.layer.0.attention.self.query.lora_A.weight", "bert.encoder.layer.0.attention.self.query.lora_B.weight",
                "bert.encoder.layer.0.attention.self.value.lora_A.weight", "bert.encoder.layer.0.attention.self.value.lora_B.weight",
                "bert.encoder.layer.1.attention.self.query.lora_A.weight", "bert.encoder.layer.1.attention.self.query.lora_B.weight",
                "bert.encoder.layer.1.attention.self.value.lora_A.weight", "bert.encoder.layer.1.attention.self.value.lora_B.weight",
                "classifier.weight", "classifier.bias",
            ],
            trainable);
        Assert.Contains("bert.encoder.layer.0.attention.self.query.base_layer.weight", model.named_parameters().Select(p => p.name));
        // 4 adapters × (A: 4×16 + B: 16×4) + classifier 2×16 + 2.
        Assert.Equal((4 * 128) + 34, model.parameters().Where(p => p.requires_grad).Sum(p => p.numel()));
    }

    [Theory]
    [InlineData("key", new[] { "attention.self.key" })]
    [InlineData("attention.output", new[] { "attention.output.dense" })]
    [InlineData("intermediate", new[] { "intermediate.dense" })]
    [InlineData("output", new[] { "output.dense" })]
    [InlineData("all-linear", new[] { "attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense", "intermediate.dense", "output.dense" })]
    public void Each_target_name_adapts_exactly_its_layers(string target, string[] perLayer)
    {
        using var model = NewModel();

        var adapted = LoraInjector.Inject(model, QueryValue() with { TargetModules = [target] });

        var expected = Enumerable.Range(0, SmallModel.Config.NumHiddenLayers).SelectMany(i => perLayer.Select(p => $"bert.encoder.layer.{i}.{p}"));
        Assert.Equal(expected.Order(), adapted.Order());
    }

    [Fact]
    public void An_unknown_target_is_refused_with_the_known_names()
    {
        using var model = NewModel();

        var error = Assert.Throws<ArgumentException>(() => LoraInjector.Inject(model, QueryValue() with { TargetModules = ["not_a_layer"] }));

        Assert.Contains("'not_a_layer'", error.Message);
        Assert.Contains("query", error.Message);
    }

    [Theory]
    [InlineData(false, 8.0 / 4)]
    [InlineData(true, 8.0 / 2)]
    public void Scaling_is_alpha_over_r_or_alpha_over_root_r_with_rsLoRA(bool rsLora, double expected)
    {
        using var model = NewModel();
        LoraInjector.Inject(model, QueryValue() with { RsLora = rsLora });

        Assert.All(LoraInjector.Adapters(model), a => Assert.Equal(expected, a.Layer.Scaling, 12));
    }

    [Fact]
    public void Principal_component_initialisation_keeps_the_function_and_starts_in_the_top_singular_subspace()
    {
        using var model = NewModel();
        var query = model.named_parameters().First(p => p.name == "bert.encoder.layer.0.attention.self.query.weight").parameter.clone();
        using var before = Logits(model);

        LoraInjector.Inject(model, QueryValue(decomposition: true));
        using var after = Logits(model);

        Assert.True(before.allclose(after, rtol: 0, atol: 1e-5), $"max diff {(before - after).abs().max().item<float>()}");
        var adapter = LoraInjector.Adapters(model).First(a => a.Path.EndsWith("layer.0.attention.self.query", StringComparison.Ordinal)).Layer;
        // s·B·A is the best rank-4 approximation of W: its norm is that of the top 4 singular values.
        var singular = torch.linalg.svdvals(query);
        using var delta = adapter.DeltaWeight();
        var topFour = singular[..4].square().sum().sqrt().item<float>();
        Assert.Equal(topFour, delta.norm().item<float>(), 3);
        Assert.True(adapter.BaseWeight.allclose(query - delta, rtol: 0, atol: 1e-5));
    }

    [Fact]
    public void A_rank_above_a_layers_smaller_side_trains_as_plain_lora_but_c2_refuses_it_naming_the_layers_limit()
    {
        using var plain = NewModel();
        LoraInjector.Inject(plain, QueryValue() with { Rank = 200 });
        Assert.All(LoraInjector.Adapters(plain), a => Assert.Equal(200, a.Layer.Rank));

        using var model = NewModel();
        var error = Assert.Throws<InvalidOperationException>(() => LoraInjector.Inject(model, QueryValue(decomposition: true) with { Rank = 200 }));

        Assert.Matches(@"top 200 singular vectors, but a (\d+)×\1 layer has only \1: lower the rank or turn C2 off", error.Message);
    }

    [Fact]
    public void Merging_gives_the_same_outputs_and_unmerging_restores_the_base_weights()
    {
        using var model = NewModel();
        LoraInjector.Inject(model, QueryValue());
        foreach (var (_, adapter) in LoraInjector.Adapters(model))
        {
            using var guard = torch.no_grad();
            adapter.LoraB.normal_(0, 0.5); // a trained-looking update
        }

        var baseBefore = LoraInjector.Adapters(model).Select(a => a.Layer.BaseWeight.clone()).ToList();
        using var unmerged = Logits(model);

        LoraInjector.Adapters(model).ToList().ForEach(a => a.Layer.Merge());
        using var merged = Logits(model);
        LoraInjector.Adapters(model).ToList().ForEach(a => a.Layer.Unmerge());

        Assert.True(unmerged.allclose(merged, rtol: 1e-5, atol: 1e-5));
        using var fresh = NewModel();
        using var untouched = Logits(fresh);
        Assert.True((unmerged - untouched).abs().max().item<float>() > 1e-5, "the update should change the outputs");
        Assert.All(LoraInjector.Adapters(model).Zip(baseBefore), pair => Assert.True(pair.First.Layer.BaseWeight.allclose(pair.Second, rtol: 0, atol: 1e-6)));
    }

    [Fact]
    public void Gradients_reach_the_adapters_but_not_the_frozen_weights()
    {
        using var model = NewModel();
        LoraInjector.Inject(model, QueryValue());
        LoraInjector.MarkOnlyLoraAndHeadTrainable(model);
        model.train();

        using var logits = Logits(model, train: true);
        logits.sum().backward();

        var adapter = LoraInjector.Adapters(model)[0].Layer;
        Assert.NotNull(adapter.LoraB.grad);
        Assert.True(adapter.LoraB.grad!.abs().sum().item<float>() > 0);
        Assert.Null(adapter.BaseWeight.grad);
    }

    private static BertForPairClassification NewModel() => SmallModel.Create();

    private static torch.Tensor Logits(BertForPairClassification model, bool train = false) => SmallModel.Logits(model, train);
}
