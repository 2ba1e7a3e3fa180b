using LabPortal.Agent.Lora;
using LabPortal.Agent.Tests.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Agent.Tests.Lora;

public sealed class AdapterDiagnosticsTests
{
    private const string FirstQuery = "bert.encoder.layer.0.attention.self.query";

    private static LoraSettings QueryValue(bool decomposition) =>
        new(Rank: 4, Alpha: 8, Dropout: 0, RsLora: false, ["query", "value"], decomposition);

    [Fact]
    public void Fresh_adapters_report_their_A_and_a_zero_B_and_update_for_every_adapted_layer()
    {
        using var model = SmallModel.Create();
        LoraInjector.Inject(model, QueryValue(decomposition: false));

        var norms = AdapterDiagnostics.For(model)!.Measure();

        Assert.Equal(LoraInjector.Adapters(model).Select(a => a.Path), norms.Select(n => n.Layer));
        Assert.All(norms, n =>
        {
            Assert.True(n.A > 0, $"{n.Layer}: A is {n.A}");
            Assert.Equal(0, n.B);
            Assert.Equal(0, n.Update);
        });
    }

    [Fact]
    public void The_update_is_the_adapters_change_to_the_weight_relative_to_the_pretrained_weight()
    {
        using var model = SmallModel.Create();
        LoraInjector.Inject(model, QueryValue(decomposition: false));
        var layer = LoraInjector.Adapters(model).Single(a => a.Path == FirstQuery).Layer;
        using (no_grad())
        {
            layer.LoraB.copy_(randn_like(layer.LoraB));
        }

        var norm = AdapterDiagnostics.For(model)!.Measure().Single(n => n.Layer == FirstQuery);

        using var delta = layer.DeltaWeight();
        var expected = delta.norm().item<float>() / layer.BaseWeight.norm().item<float>();
        Assert.Equal(expected, norm.Update!.Value, 1e-5);
        Assert.Equal(layer.LoraB.norm().item<float>(), norm.B!.Value, 1e-4);
    }

    [Fact]
    public void With_the_decomposition_init_the_update_starts_at_zero_and_is_measured_against_the_original_weight()
    {
        using var model = SmallModel.Create();
        using var original = model.named_parameters().Single(p => p.name == FirstQuery + ".weight").parameter.detach().clone().to_type(ScalarType.Float64);
        LoraInjector.Inject(model, QueryValue(decomposition: true));
        var layer = LoraInjector.Adapters(model).Single(a => a.Path == FirstQuery).Layer;
        var diagnostics = AdapterDiagnostics.For(model)!;

        var start = diagnostics.Measure().Single(n => n.Layer == FirstQuery);
        Assert.True(start.B > 0, "C2 starts B at W's principal components");
        Assert.Equal(0, start.Update!.Value, 1e-6);

        using (no_grad())
        {
            layer.LoraB.add_(randn_like(layer.LoraB).mul(0.1));
        }

        var moved = diagnostics.Measure().Single(n => n.Layer == FirstQuery);
        var (a0, b0) = layer.InitialFactors!.Value;
        using var change = (matmul(layer.LoraB, layer.LoraA) - matmul(b0, a0)).to_type(ScalarType.Float64) * layer.Scaling;
        var expected = change.norm().item<double>() / original.norm().item<double>();
        Assert.True(expected > 1e-3, $"the perturbation should move the layer (moved {expected})");
        Assert.Equal(expected, moved.Update!.Value, 1e-5);
    }

    [Theory]
    [InlineData(4, 1)]
    [InlineData(32, 1)]
    [InlineData(33, 2)]
    [InlineData(224, 7)] // a 7B Llama with every linear layer adapted
    public void A_model_with_many_adapters_is_measured_every_few_log_steps_so_reports_stay_small(int adapters, int every) =>
        Assert.Equal(every, AdapterDiagnostics.EveryLogSteps(adapters));

    [Fact]
    public void A_model_without_adapters_has_no_diagnostics()
    {
        using var model = SmallModel.Create();

        Assert.Null(AdapterDiagnostics.For(model));
    }
}
