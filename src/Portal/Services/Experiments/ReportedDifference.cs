namespace LabPortal.Portal.Services.Experiments;

/// <summary>
/// A measured row's mean minus the paper's reported number for the same variant, per metric (null where either side
/// has no number), so a reader sees at a glance how far this lab's reproduction is from the paper.
/// </summary>
public sealed record ReportedDifference(double? Accuracy, double? F1, double? Mcc)
{
    public static ReportedDifference Of(VariantRow measured, VariantRow reported) => new(
        Minus(measured.Accuracy, reported.Accuracy), Minus(measured.F1, reported.F1), Minus(measured.Mcc, reported.Mcc));

    /// <summary>"ACC −0.099 · F1 +0.012 · MCC −0.040", leaving out metrics without a difference; "—" when none has one.</summary>
    public override string ToString()
    {
        var parts = new[] { ("ACC", Accuracy), ("F1", F1), ("MCC", Mcc) }
            .Where(p => p.Item2 is not null)
            .Select(p => $"{p.Item1} {SignificanceText.Signed(p.Item2!.Value)}")
            .ToList();
        return parts.Count == 0 ? "—" : string.Join(" · ", parts);
    }

    private static double? Minus(MeanAndSpread? measured, MeanAndSpread? reported) =>
        measured is not null && reported is not null ? measured.Mean - reported.Mean : null;
}
