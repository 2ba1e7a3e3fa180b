namespace LabPortal.Portal.Services.Export;

/// <summary>One column of an export: its stable name (snake_case) and how to read it from a row.</summary>
public sealed record ExportColumn<T>(string Name, Func<T, object?> Read);
