using System.Globalization;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>
/// One row of the experiments list: the experiment, where its runs stand, and its best variant so far: the highest mean
/// accuracy over succeeded seeds, from the same rows the experiment's own table shows.
/// </summary>
/// <param name="Runs">The runs it was summarised from, kept so a changed run can be swapped in without reading the others again.</param>
/// <param name="Method">The preset that expanded the spec, or the runs' method when it had none.</param>
/// <param name="Variants">The rows of its table (distinct variants).</param>
public sealed record ExperimentSummary(
    ExperimentRecord Experiment, IReadOnlyList<RunRecord> Runs, string Model, string Method, int Variants, int Seeds, RunCounts Counts, VariantRow? Best)
{
    public static ExperimentSummary Of(ExperimentRecord experiment, IReadOnlyList<RunRecord> runs)
    {
        var rows = ExperimentTable.Measured(runs);
        return new ExperimentSummary(
            experiment,
            runs,
            Names(runs.Select(r => r.Model)),
            experiment.Preset == PresetKind.None ? Names(runs.Select(r => r.Method)) : LabJson.NameOf(experiment.Preset),
            rows.Count,
            runs.Select(r => r.Seed).Distinct().Count(),
            RunCounts.Of(runs),
            rows.Where(r => r.Accuracy is not null).MaxBy(r => r.Accuracy!.Mean));
    }

    /// <summary>"enhanced-lora 0.812"; empty until a run has succeeded.</summary>
    public string BestText => Best is { Accuracy: { } accuracy }
        ? string.Create(CultureInfo.InvariantCulture, $"{Best.Variant} {accuracy.Mean:0.000}")
        : "";

    /// <summary>
    /// This row with a newer record of one of its runs, or null when nothing it shows changed: progress reports
    /// announce a run far more often than its state or result moves.
    /// </summary>
    public ExperimentSummary? With(RunRecord run)
    {
        if (Runs.FirstOrDefault(r => r.Id == run.Id) is { } known && known.State == run.State && Equals(known.Evaluation, run.Evaluation))
        {
            return null;
        }

        return Of(Experiment, [.. Runs.Where(r => r.Id != run.Id).Append(run).OrderBy(r => r.Id)]);
    }

    private static string Names(IEnumerable<string> values) => string.Join(", ", values.Where(v => v.Length > 0).Distinct());
}
