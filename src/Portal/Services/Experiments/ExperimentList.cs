using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>
/// The experiments page's data: a page of experiments, newest first, filtered by name or person. Only the page's
/// experiments have their runs read (each through the runs' ExperimentId index), so a thousand launches stay quick.
/// </summary>
public sealed class ExperimentList(ExperimentStore experiments, RunStore runs)
{
    public ExperimentListResults Find(string? search, int skip, int take)
    {
        var (page, total) = experiments.FindNewest(search, skip, take);
        return new ExperimentListResults(page.Select(e => ExperimentSummary.Of(e, runs.ListForExperiment(e.Id))).ToList(), total);
    }
}
