using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Scheduling;

/// <summary>Which agent may train which run, and the pairs one scheduler pass makes.</summary>
public static class RunPlacement
{
    /// <summary>
    /// The run's device and memory constraints hold on the agent, and the agent has the model: a model some agent lists
    /// goes only to agents that list it; any other name is a checkpoint folder each agent looks for on its own disk.
    /// </summary>
    public static bool Fits(RunRecord run, string model, AgentRecord agent, IReadOnlySet<string> listedModels)
    {
        var device = run.RequiredDevice switch
        {
            DeviceRequirement.Cpu => agent.Device.StartsWith("cpu", StringComparison.OrdinalIgnoreCase),
            DeviceRequirement.Cuda => agent.Device.StartsWith("cuda", StringComparison.OrdinalIgnoreCase),
            _ => true,
        };
        var hasModel = !listedModels.Contains(model) || agent.Models.Any(m => m.Name.Equals(model, StringComparison.OrdinalIgnoreCase));
        return device && agent.MemoryBytes >= run.MinMemoryBytes && hasModel;
    }

    /// <summary>
    /// Gives each queued run, in the order given (the scheduling order), the first free agent it fits; a run no free
    /// agent fits waits without holding back the runs after it. <paramref name="reachable"/> leaves out agents that
    /// look connected but have gone quiet.
    /// </summary>
    public static IReadOnlyList<(RunRecord Run, AgentRecord Agent)> Match(
        IReadOnlyList<RunRecord> queued, IReadOnlyList<AgentRecord> agents, Func<AgentRecord, bool> reachable)
    {
        var listed = agents.SelectMany(a => a.Models).Select(m => m.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var free = agents.Where(a => a.TakesRuns && reachable(a)).ToList();
        var pairs = new List<(RunRecord, AgentRecord)>();
        foreach (var run in queued.TakeWhile(_ => free.Count > 0))
        {
            var model = LabJson.Deserialize<ExperimentSpec>(run.SpecJson).Model;
            if (free.FirstOrDefault(a => Fits(run, model, a, listed)) is { } agent)
            {
                free.Remove(agent);
                pairs.Add((run, agent));
            }
        }

        return pairs;
    }
}
