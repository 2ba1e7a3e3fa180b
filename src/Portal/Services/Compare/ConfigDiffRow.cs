namespace LabPortal.Portal.Services.Compare;

/// <summary>One spec field across the compared runs; a value is null where a run's spec lacks the field.</summary>
public sealed record ConfigDiffRow(string Path, IReadOnlyList<string?> Values)
{
    public bool Differs => Values.Distinct(StringComparer.Ordinal).Skip(1).Any();
}
