namespace LabPortal.Portal.Apis.Models;

/// <summary>The body of <c>POST /api/runs/{id}/score</c>: the texts to score (the second is left out for one-text tasks).</summary>
public sealed record ScoreRequestDto(string? First, string? Second);
