namespace LabPortal.Portal.Components.Shared;

/// <summary>
/// One bar of a <see cref="BarChart"/>: a row's mean in data units with its ± spread over <paramref name="Seeds"/> seeds
/// (null draws no error bar). A reported bar (a number quoted from the paper, not measured) is drawn hatched and grey;
/// the baseline's bar, the row the others are tested against, in a colour of its own.
/// </summary>
public sealed record ChartBar(string Label, double Value, double? Spread, int Seeds, bool Reported = false, bool Baseline = false);
