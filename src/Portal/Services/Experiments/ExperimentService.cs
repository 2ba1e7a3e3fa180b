using LabPortal.Portal.Scheduling;
using LabPortal.Portal.Services.History;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using LabPortal.Shared.Validation;
using LabPortal.Shared;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>Validates and stores experiments, queues their runs and wakes the scheduler.</summary>
public sealed class ExperimentService(
    ExperimentStore experiments, IDatasetFiles datasetFiles, SchedulerSignal scheduler, LiveUpdates live, TimeProvider clock)
{
    /// <summary>Checks a request as the API and the form do, without storing anything.</summary>
    public IReadOnlyList<ValidationError> Validate(ExperimentRequest request) => SpecValidator.Validate(request, datasetFiles);

    /// <summary>Stores the experiment and queues its runs on behalf of <paramref name="createdBy"/> (a user name).</summary>
    public SubmitResult Submit(ExperimentRequest request, string createdBy)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return new SubmitResult(null, errors);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var runs = request.ExpandRuns()
            .Select(plan => new RunRecord
            {
                Variant = plan.Variant,
                SpecJson = LabJson.Serialize(plan.Spec),
                Seed = plan.Spec.Seed,
                State = RunState.Queued,
                CreatedAt = now,
                CreatedBy = createdBy,
                Priority = request.Priority,
                RequiredDevice = request.RequiredDevice,
                MinMemoryBytes = request.MinMemoryBytes,
            })
            .ToList();
        runs.ForEach(RunFacets.CopyFromSpec);
        var experiment = experiments.Create(
            new ExperimentRecord { Name = request.Name.Trim(), Preset = request.Preset, SpecJson = LabJson.Serialize(request.Spec), CreatedAt = now, CreatedBy = createdBy },
            runs);

        foreach (var run in runs)
        {
            live.PublishRun(run);
        }

        scheduler.Wake();
        return new SubmitResult(experiment, []);
    }
}
