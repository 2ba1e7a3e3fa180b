using System.Text.RegularExpressions;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Components.Shared;

/// <summary>
/// A LoRA run's adapter norms as a layers × steps grid (at most <see cref="MaxColumns"/> steps, evenly picked from its
/// training reports, the last always kept), and the warnings they call for: a B still at zero (an adapter that has
/// not changed its layer), an update larger than the pretrained weight, a value that overflowed.
/// </summary>
public sealed partial class AdapterMap
{
    public const int MaxColumns = 60;

    /// <summary>An update this large relative to ‖W‖ has overwritten the pretrained layer.</summary>
    public const double ExplodedUpdate = 1.0;

    /// <summary>A B norm below this has not moved from PEFT's zero start.</summary>
    public const double ZeroB = 1e-8;

    private AdapterMap(IReadOnlyList<string> layers, IReadOnlyList<(int Step, IReadOnlyDictionary<string, AdapterNorm> Norms)> columns, IReadOnlyList<string> warnings)
    {
        Layers = layers;
        Columns = columns;
        Warnings = warnings;
    }

    /// <summary>Adapted layers' paths in the order the agent reports them.</summary>
    public IReadOnlyList<string> Layers { get; }

    public IReadOnlyList<(int Step, IReadOnlyDictionary<string, AdapterNorm> Norms)> Columns { get; }

    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Null when no report carries adapter norms (not a LoRA run, or an agent that does not send them).</summary>
    public static AdapterMap? Of(IReadOnlyList<MetricPoint> trainReports)
    {
        var reports = trainReports.Where(r => r.Adapters is { Count: > 0 }).ToList();
        if (reports.Count == 0)
        {
            return null;
        }

        var count = Math.Min(MaxColumns, reports.Count);
        var picked = count == 1
            ? reports
            : Enumerable.Range(0, count).Select(i => reports[(int)Math.Round(i * (reports.Count - 1.0) / (count - 1))]).Distinct().ToList();
        var columns = picked
            .Select(r => (r.Step, (IReadOnlyDictionary<string, AdapterNorm>)r.Adapters!.GroupBy(n => n.Layer).ToDictionary(g => g.Key, g => g.Last())))
            .ToList();
        var layers = reports[^1].Adapters!.Select(n => n.Layer).Distinct().ToList();
        return new AdapterMap(layers, columns, WarningsOf(reports[^1]));
    }

    /// <summary>"0 attention.self.query" for "bert.encoder.layer.0.attention.self.query": the layer number, then the module.</summary>
    public static string ShortName(string layer) => LayerNumber().Match(layer) is { Success: true } m ? $"{m.Groups[1].Value} {m.Groups[2].Value}" : layer;

    private static List<string> WarningsOf(MetricPoint latest)
    {
        var warnings = new List<string>();
        var norms = latest.Adapters!;
        var overflowed = norms.Where(n => n.A is null || n.B is null || n.Update is null).Select(n => ShortName(n.Layer)).ToList();
        if (overflowed.Count > 0)
        {
            warnings.Add($"At step {latest.Step} the adapter norms of {Listed(overflowed)} overflowed (not finite): training has diverged there.");
        }

        // Give B a tenth of the run to move: PEFT starts it at zero and the first steps are warm-up.
        var stillZero = norms.Where(n => n.B < ZeroB).Select(n => ShortName(n.Layer)).ToList();
        if (stillZero.Count > 0 && latest.Step >= Math.Max(1, latest.TotalSteps / 10))
        {
            warnings.Add($"At step {latest.Step} B is still zero in {Listed(stillZero)}: these adapters have not changed their layers. Is B's learning rate zero?");
        }

        var exploded = norms.Where(n => n.Update > ExplodedUpdate).OrderByDescending(n => n.Update).ToList();
        if (exploded.Count > 0)
        {
            warnings.Add($"At step {latest.Step} the adapter has changed {Listed(exploded.Select(n => ShortName(n.Layer)).ToList())} by more than the pretrained weight itself "
                + $"(‖s·ΔBA‖ / ‖W‖ up to {exploded[0].Update:0.##}): the pretrained layer is overwritten. A lower learning rate (or β for B) keeps it.");
        }

        return warnings;
    }

    private static string Listed(IReadOnlyList<string> layers) =>
        layers.Count == 1 ? $"layer {layers[0]}" : layers.Count <= 4 ? $"layers {string.Join(", ", layers)}" : $"{layers.Count} layers ({string.Join(", ", layers.Take(3))}, …)";

    [GeneratedRegex(@"\.(\d+)\.(.+)$")]
    private static partial Regex LayerNumber();
}
