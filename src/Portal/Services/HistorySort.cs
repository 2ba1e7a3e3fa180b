namespace LabPortal.Portal.Services;

/// <summary>The columns history sorts on (each a stored field, most of them indexed).</summary>
public enum HistorySort
{
    Created,
    Experiment,
    Variant,
    Seed,
    State,
    Model,
    Task,
    Method,
    CreatedBy,
}
