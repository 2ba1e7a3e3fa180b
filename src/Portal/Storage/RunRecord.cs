using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Storage;

/// <summary>One run of an experiment (one seed): its state, live progress summary and final result.</summary>
public sealed class RunRecord
{
    public int Id { get; set; }

    public int ExperimentId { get; set; }

    public string ExperimentName { get; set; } = "";

    /// <summary>The row of the experiment's table this run belongs to, for example "− adaptive learning rate".</summary>
    public string Variant { get; set; } = "";

    /// <summary>The run's own spec (the experiment's, with this run's seed) as JSON.</summary>
    public string SpecJson { get; set; } = "";

    public int Seed { get; set; }

    public RunState State { get; set; }

    /// <summary>The current attempt number (0 before the first assignment).</summary>
    public int Attempt { get; set; }

    public List<RunAttempt> Attempts { get; set; } = [];

    /// <summary>The agent holding the current attempt, if any.</summary>
    public string? AgentId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>The user name of whoever submitted the experiment (copied here so history can filter by person).</summary>
    public string CreatedBy { get; set; } = "";

    // Copied from the spec when the run is created, so history can filter and sort on them with indexes.
    /// <summary>The spec's model name, for example "tiny".</summary>
    public string Model { get; set; } = "";

    /// <summary>The spec's task as the spec spells it, for example "qqp".</summary>
    public string Task { get; set; } = "";

    /// <summary>The spec's method kind as the spec spells it, for example "enhanced-lora".</summary>
    public string Method { get; set; } = "";

    /// <summary>The spec chooses its checkpoint on the validation file it reports (see ModelSelection); shown as a label.</summary>
    public bool SelectedOnEvaluation { get; set; }

    /// <summary>Free labels people give the run in history (for example "baseline", "paper").</summary>
    public List<string> Tags { get; set; } = [];

    public string Notes { get; set; } = "";

    /// <summary>Who last edited the notes, and when.</summary>
    public string? NotesEditedBy { get; set; }

    public DateTime? NotesEditedAt { get; set; }

    public DateTime? StartedAt { get; set; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>While assigned or running: when the attempt is lost unless its agent's heartbeat renews the lease.</summary>
    public DateTime? LeaseExpiresAt { get; set; }

    public string? FailureReason { get; set; }

    /// <summary>Higher runs are scheduled first; equal priorities by id (the order they were queued).</summary>
    public int Priority { get; set; }

    /// <summary>The kind of device an agent must train on to be given this run.</summary>
    public DeviceRequirement RequiredDevice { get; set; }

    /// <summary>The memory an agent must report to be given this run; 0 for no minimum.</summary>
    public long MinMemoryBytes { get; set; }

    // Latest progress, kept on the run so lists and headers need not read the metric points.
    public int Step { get; set; }

    public int TotalSteps { get; set; }

    public double? ExamplesPerSecond { get; set; }

    public double? LastLoss { get; set; }

    // The final result.
    /// <summary>The run's decisions on the validation file (by S_match ≥ τ when C3 is on).</summary>
    public ConfusionCounts? Evaluation { get; set; }

    /// <summary>The classifier's own decisions, kept beside C3's.</summary>
    public ConfusionCounts? ClassifierEvaluation { get; set; }

    /// <summary>A regression task's (STS-B) Pearson, Spearman and MSE; Evaluation is then empty.</summary>
    public RegressionScores? Regression { get; set; }

    /// <summary>The class metrics where the task has classes; null for a regression run, so lists show no accuracy of 0.</summary>
    [LiteDB.BsonIgnore]
    public ConfusionCounts? ClassEvaluation => Regression is null ? Evaluation : null;

    /// <summary>C3's threshold τ, chosen on the training split.</summary>
    public double? MatchingThreshold { get; set; }

    /// <summary>C3's γ and δ that made the decisions (chosen on the selection split when the spec left them empty).</summary>
    public double? MatchingGamma { get; set; }

    public double? MatchingDelta { get; set; }

    /// <summary>The step whose model the run kept (with a best-checkpoint metric); null: the final model.</summary>
    public int? BestStep { get; set; }

    public double? EvaluationLoss { get; set; }

    /// <summary>The number format the agent trained in (what the spec's "auto" became).</summary>
    public PrecisionKind? TrainedPrecision { get; set; }

    public double? TrainSeconds { get; set; }

    public string? DatasetFingerprint { get; set; }

    public long? TrainableParameters { get; set; }

    public long? TotalParameters { get; set; }

    /// <summary>Keeps a finished attempt's outcome; the progress counter ends at the run's total.</summary>
    public void Keep(RunOutcome outcome)
    {
        Step = TotalSteps > 0 ? TotalSteps : outcome.Steps;
        TotalSteps = Math.Max(TotalSteps, outcome.Steps);
        Evaluation = outcome.Evaluation;
        ClassifierEvaluation = outcome.ClassifierEvaluation;
        Regression = outcome.Regression;
        BestStep = outcome.BestStep;
        MatchingThreshold = outcome.MatchingThreshold is { } tau && double.IsFinite(tau) ? tau : null;
        MatchingGamma = outcome.MatchingGamma;
        MatchingDelta = outcome.MatchingDelta;
        EvaluationLoss = outcome.EvaluationLoss is { } loss && double.IsFinite(loss) ? loss : null;
        TrainedPrecision = outcome.Precision;
        TrainSeconds = outcome.TrainSeconds;
        DatasetFingerprint = outcome.DatasetFingerprint;
        TrainableParameters = outcome.TrainableParameters;
        TotalParameters = outcome.TotalParameters;
    }

    /// <summary>Forgets the progress and outcome of earlier attempts, for a fresh start (the attempts' history stays).</summary>
    public void ClearOutcome()
    {
        FailureReason = null;
        StartedAt = null;
        FinishedAt = null;
        Step = 0;
        TotalSteps = 0;
        ExamplesPerSecond = null;
        LastLoss = null;
        Evaluation = null;
        ClassifierEvaluation = null;
        Regression = null;
        MatchingThreshold = null;
        MatchingGamma = null;
        MatchingDelta = null;
        BestStep = null;
        EvaluationLoss = null;
        TrainedPrecision = null;
        TrainSeconds = null;
        DatasetFingerprint = null;
        TrainableParameters = null;
        TotalParameters = null;
    }
}
