namespace LabPortal.Portal.Components.Shared;

/// <summary>
/// One bar of a <see cref="BarChart"/>: a mean in data units with its ± spread (null draws no error bar).
/// A reported bar (a number quoted from elsewhere, not measured) is drawn hollow and grey.
/// </summary>
public sealed record ChartBar(string Label, double Value, double? Spread, bool Reported = false);
