using System.Text.Json.Serialization;

namespace LabPortal.Shared.Experiments;

/// <summary>How one submitted spec expands into variants (each then run once per seed).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PresetKind>))]
public enum PresetKind
{
    /// <summary>Just the spec as given.</summary>
    [JsonStringEnumMemberName("none")] None,

    /// <summary>The four rows of the paper's Table 2: ours, − adaptive learning rate, − low-rank matrix updates, LoRA.</summary>
    [JsonStringEnumMemberName("paper-ablation")] PaperAblation,

    /// <summary>Full fine-tuning, head-only, LoRA and enhanced LoRA on the same model and data.</summary>
    [JsonStringEnumMemberName("method-comparison")] MethodComparison,

    /// <summary>
    /// The full table: the two baselines that train nothing (zero-shot, head-only probe), the four Table-2 rows,
    /// − matching score (C3 off), and full fine-tuning, each at its tuned defaults.
    /// </summary>
    [JsonStringEnumMemberName("paper-table")] PaperTable,

    /// <summary>Enhanced LoRA over a grid of α (A's rate multiplier) and β (B's).</summary>
    [JsonStringEnumMemberName("alpha-beta-sweep")] AlphaBetaSweep,

    /// <summary>The spec as given on <see cref="ExperimentRequest.SeedRepeats"/> seeds counted up from one base seed.</summary>
    [JsonStringEnumMemberName("seed-repeat")] SeedRepeat,

    /// <summary>
    /// The GLUE table: every GLUE task (files under <see cref="ExperimentRequest.GlueFolder"/>) × head-only, LoRA,
    /// enhanced LoRA (C3 where the task has two-class pairs) and full fine-tuning, on every seed.
    /// </summary>
    [JsonStringEnumMemberName("glue-suite")] GlueSuite,
}
