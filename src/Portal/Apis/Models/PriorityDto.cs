namespace LabPortal.Portal.Apis.Models;

/// <summary>The body of a priority change.</summary>
public sealed record PriorityDto(int Priority);
