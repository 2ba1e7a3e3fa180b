namespace LabPortal.Portal.Components.Shared;

/// <summary>One named line of a <see cref="LineChart"/>: points in data units, drawn in the given CSS colour.</summary>
public sealed record ChartLine(string Name, string Color, IReadOnlyList<(double X, double Y)> Points);
