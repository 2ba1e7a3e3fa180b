namespace LabPortal.Portal.Components.Shared;

/// <summary>
/// One named line of a <see cref="LineChart"/>: points in data units, drawn in the given CSS colour; dashed for a
/// second reading of the same thing (C3's S_match beside the classifier's own decision); hidden until its legend
/// entry is clicked when it is there for reference only (a requeued run's earlier attempts).
/// </summary>
public sealed record ChartLine(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Dashed = false, bool Hidden = false);
