using LabPortal.Agent.Models;
using LabPortal.Shared.Runs;
using static TorchSharp.torch;

namespace LabPortal.Agent.Lora;

/// <summary>
/// Measures every adapter's norms for the training reports (<see cref="AdapterNorm"/>): how large A and B are, and how
/// far the adapter has moved its layer from the pretrained weight. In float64, whatever the weights' type.
/// </summary>
public sealed class AdapterDiagnostics
{
    private readonly IReadOnlyList<(string Path, LoraLinear Layer)> _adapters;
    private readonly Dictionary<string, double> _pretrainedNorms = [];

    private AdapterDiagnostics(IReadOnlyList<(string Path, LoraLinear Layer)> adapters) => _adapters = adapters;

    /// <summary>Null for a model without adapters, or with more than a report may carry.</summary>
    public static AdapterDiagnostics? For(nn.Module model)
    {
        var adapters = LoraInjector.Adapters(model);
        return adapters.Count is 0 or > AdapterNorm.MaxLayers ? null : new AdapterDiagnostics(adapters);
    }

    /// <summary>
    /// Layer entries a report carries on average: a model with more adapters is measured every few log steps instead
    /// of every one, so a batch of reports stays well under the hub's message limit (a 7B model with every linear
    /// adapted has 224 adapters, about 25 KB a report).
    /// </summary>
    public const int LayersPerReport = 32;

    /// <summary>Every how many log steps a model with this many adapters has its norms measured.</summary>
    public static int EveryLogSteps(int adapters) => Math.Max(1, (adapters + LayersPerReport - 1) / LayersPerReport);

    /// <summary>The norms at the <paramref name="logStep"/>-th log step when they are due then (and always at the last), else null.</summary>
    public IReadOnlyList<AdapterNorm>? MeasureAt(int logStep, bool last) =>
        last || logStep % EveryLogSteps(_adapters.Count) == 0 ? Measure() : null;

    public IReadOnlyList<AdapterNorm> Measure()
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return _adapters.Select(adapter => Measure(adapter.Path, adapter.Layer)).ToList();
    }

    private AdapterNorm Measure(string path, LoraLinear layer)
    {
        var a = layer.LoraA.to_type(ScalarType.Float64);
        var b = layer.LoraB.to_type(ScalarType.Float64);
        var pretrained = _pretrainedNorms.TryGetValue(path, out var norm) ? norm : _pretrainedNorms[path] = PretrainedNorm(layer);
        var update = layer.Scaling * ProductDistance(layer, a, b) / pretrained;
        return new AdapterNorm(path, Finite(a.norm().item<double>()), Finite(b.norm().item<double>()), Finite(update));
    }

    // ‖B·A − B₀·A₀‖_F without forming an out × in matrix: with B' = [B, −B₀] and A' = [A; A₀] the difference is B'·A',
    // and ‖B'·A'‖_F² = trace((B'ᵀ·B')·(A'·A'ᵀ)), a product of two 2r × 2r matrices.
    private static double ProductDistance(LoraLinear layer, Tensor a, Tensor b)
    {
        var (stackedB, stackedA) = layer.InitialFactors is { } initial
            ? (cat([b, initial.B.to_type(ScalarType.Float64).neg()], 1), cat([a, initial.A.to_type(ScalarType.Float64)], 0))
            : (b, a);
        var squared = matmul(stackedB.t(), stackedB).mul(matmul(stackedA, stackedA.t())).sum().item<double>();
        return Math.Sqrt(Math.Max(squared, 0));
    }

    // The layer's weight before training: with C2 the frozen weight holds W − s·B₀·A₀, so B₀·A₀ is added back once.
    private static double PretrainedNorm(LoraLinear layer)
    {
        var weight = layer.BaseWeight.to_type(ScalarType.Float64);
        if (layer.InitialFactors is { } initial)
        {
            weight = weight.Plus(matmul(initial.B.to_type(ScalarType.Float64), initial.A.to_type(ScalarType.Float64)).Times(layer.Scaling));
        }

        return weight.norm().item<double>();
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
