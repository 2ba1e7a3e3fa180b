using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.History;

/// <summary>Which runs history shows. Empty fields do not filter; text matches ignore case.</summary>
public sealed record HistoryFilter
{
    public string? CreatedBy { get; init; }

    public string? Model { get; init; }

    /// <summary>As the spec spells it: "qqp", "mrpc", "custom".</summary>
    public string? Task { get; init; }

    /// <summary>As the spec spells it: "lora", "enhanced-lora", "full", "head-only".</summary>
    public string? Method { get; init; }

    public RunState? State { get; init; }

    public string? Tag { get; init; }

    /// <summary>The first day (UTC) whose runs are shown.</summary>
    public DateOnly? CreatedFrom { get; init; }

    /// <summary>The last day (UTC) whose runs are shown, included.</summary>
    public DateOnly? CreatedTo { get; init; }

    /// <summary>Text to find in the experiment name, the variant or the notes.</summary>
    public string? Search { get; init; }
}
