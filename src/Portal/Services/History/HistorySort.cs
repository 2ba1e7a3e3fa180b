namespace LabPortal.Portal.Services.History;

/// <summary>The columns history sorts on: stored fields, most of them indexed, and the final metrics.</summary>
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

    /// <summary>The final accuracy (runs without a result last when descending).</summary>
    Accuracy,

    F1,
}
