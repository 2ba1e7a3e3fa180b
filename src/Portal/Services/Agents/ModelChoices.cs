using LabPortal.Portal.Storage;
using LabPortal.Shared.Models;

namespace LabPortal.Portal.Services.Agents;

/// <summary>The models the team's agents said they can train, for the model picker (one entry per name).</summary>
public sealed class ModelChoices(AgentStore agents)
{
    public IReadOnlyList<ModelInfo> List() => agents.List()
        .OrderByDescending(a => a.IsOnline)
        .SelectMany(a => a.Models)
        .DistinctBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
        .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
        .ToList();
}
