namespace LabPortal.Portal.Services.History;

/// <summary>The values history's filter lists offer: those the stored runs actually have.</summary>
public sealed record HistoryChoices(IReadOnlyList<string> People, IReadOnlyList<string> Models, IReadOnlyList<string> Tags);
