using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Models;

namespace LabPortal.Portal.Scheduling;

/// <summary>Which agent may train which run, and the pairs one scheduler pass makes.</summary>
public static class RunPlacement
{
    /// <summary>
    /// The run's device and memory constraints hold on the agent, the agent has the model — a model some agent lists
    /// goes only to agents that list it; any other name is a checkpoint folder each agent looks for on its own disk —
    /// and the run's memory estimate fits in the agent's memory (see <see cref="FitsMemory"/>).
    /// </summary>
    public static bool Fits(RunRecord run, ExperimentSpec spec, AgentRecord agent, IReadOnlySet<string> listedModels) =>
        Fits(run, spec.Model, agent, listedModels) && FitsMemory(spec, agent);

    /// <summary>
    /// Whether the run's estimated memory (<see cref="MemoryEstimate"/>, from the agent's own description of the model)
    /// is at most the memory the agent reported. A model the agent does not describe (a checkpoint folder, an older
    /// agent) or an agent that reported no memory has no estimate to compare, and fits.
    /// </summary>
    public static bool FitsMemory(ExperimentSpec spec, AgentRecord agent) =>
        agent.MemoryBytes <= 0 || EstimateOn(spec, agent) is not { } estimate || estimate.TotalBytes <= agent.MemoryBytes;

    /// <summary>The run's memory estimate with the model as <paramref name="agent"/> describes it; null when it does not.</summary>
    public static MemoryEstimate? EstimateOn(ExperimentSpec spec, AgentRecord agent) =>
        MemoryEstimate.For(spec, agent.Models.FirstOrDefault(m => m.Name.Equals(spec.Model, StringComparison.OrdinalIgnoreCase)));

    /// <summary>
    /// Why a queued run waits on memory: with agents online and none of them able to hold its estimate, the smallest
    /// estimate among them (they describe the same model); null when some online agent fits or none is online.
    /// </summary>
    public static MemoryEstimate? TooBigForEveryAgent(ExperimentSpec spec, IReadOnlyList<AgentRecord> online) =>
        online.Count == 0 || online.Any(a => FitsMemory(spec, a))
            ? null
            : online.Select(a => EstimateOn(spec, a)).OfType<MemoryEstimate>().MinBy(e => e.TotalBytes);

    private static bool Fits(RunRecord run, string model, AgentRecord agent, IReadOnlySet<string> listedModels)
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
            var spec = LabJson.Deserialize<ExperimentSpec>(run.SpecJson);
            if (free.FirstOrDefault(a => Fits(run, spec, a, listed)) is { } agent)
            {
                free.Remove(agent);
                pairs.Add((run, agent));
            }
        }

        return pairs;
    }
}
