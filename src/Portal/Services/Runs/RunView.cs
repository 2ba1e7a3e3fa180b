using LabPortal.Portal.Services.Agents;
using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Models;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Runs;

/// <summary>
/// What the run page reads and does, in one place: the record and what its spec fixes, its stored points and files,
/// and the actions a person may take on it. The page itself only renders and follows the live updates.
/// </summary>
public sealed class RunView(RunStore runs, MetricStore metrics, ArtifactStore artifacts, ModelChoices models, ExperimentService experiments, RunControl control)
{
    public RunRecord? Get(int runId) => runs.Get(runId);

    /// <summary>Read once per run (not per batch of points): the spec does not change.</summary>
    public RunSpecFacts Facts(RunRecord run)
    {
        var spec = LabJson.Deserialize<ExperimentSpec>(run.SpecJson);
        return new RunSpecFacts(
            spec.Model,
            spec.Method.Kind,
            ArtifactNames.NeededToScore(spec.Method.Kind) is not null,
            // What the agents say about the model (for packaged models: that their QQP scores are optimistic).
            models.List().FirstOrDefault(m => m.Name.Equals(spec.Model, StringComparison.OrdinalIgnoreCase)),
            spec.Training.SelectionSplit > 0);
    }

    public IReadOnlyList<MetricPoint> Points(int runId) => metrics.ListForRun(runId);

    public IReadOnlyList<ArtifactInfo> Files(int runId) => artifacts.List(runId);

    /// <summary>Queues the run's identical spec as a new experiment.</summary>
    public SubmitResult Rerun(RunRecord run, string user) => experiments.Submit(new ExperimentRequest
    {
        Name = $"{run.ExperimentName} (re-run of #{run.Id})",
        Spec = LabJson.Deserialize<ExperimentSpec>(run.SpecJson),
    }, user);

    public Task<RunRecord?> CancelAsync(int runId) => control.CancelAsync(runId);

    public RunRecord? Requeue(int runId) => control.Requeue(runId);
}

/// <summary>
/// What a run's spec fixes about its page: the model (and what agents say of it), the method, and whether the run
/// keeps weights the playground can load (full fine-tuning keeps none).
/// </summary>
/// <param name="HeldOutSelection">Evaluations during training read a split of the training file (else the validation file).</param>
public sealed record RunSpecFacts(string Model, MethodKind Method, bool KeepsWeights, ModelInfo? ModelInfo, bool HeldOutSelection);
