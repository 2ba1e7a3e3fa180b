namespace LabPortal.Portal.Accounts;

/// <summary>The outcome of an account change: done, or the reason it was refused (shown to the person).</summary>
public sealed record AccountResult(string? Error)
{
    public static AccountResult Ok { get; } = new((string?)null);

    public bool Succeeded => Error is null;

    public static AccountResult Refused(string error) => new(error);
}
