using System.Text.Json;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Apis.Models;

/// <summary>A run as the API shows it.</summary>
public sealed record RunDto(
    int Id, int ExperimentId, string ExperimentName, string Variant, int Seed, RunState State, int Attempt, string? AgentId,
    int Step, int TotalSteps, double? ExamplesPerSecond, DateTime CreatedAt, string CreatedBy, DateTime? StartedAt, DateTime? FinishedAt,
    string? FailureReason, MetricsDto? Metrics, MetricsDto? ClassifierMetrics, double? MatchingThreshold, double? MatchingGamma, double? MatchingDelta, int? BestStep, double? EvaluationLoss, double? TrainSeconds, string? DatasetFingerprint,
    long? TrainableParameters, long? TotalParameters, IReadOnlyList<RunAttempt> Attempts, JsonElement Spec,
    int Priority, DeviceRequirement RequiredDevice, long MinMemoryBytes)
{
    public static RunDto From(RunRecord run) => new(
        run.Id, run.ExperimentId, run.ExperimentName, run.Variant, run.Seed, run.State, run.Attempt, run.AgentId,
        run.Step, run.TotalSteps, run.ExamplesPerSecond, run.CreatedAt, run.CreatedBy, run.StartedAt, run.FinishedAt,
        run.FailureReason, MetricsDto.From(run.Evaluation), MetricsDto.From(run.ClassifierEvaluation), run.MatchingThreshold, run.MatchingGamma, run.MatchingDelta, run.BestStep, run.EvaluationLoss, run.TrainSeconds, run.DatasetFingerprint,
        run.TrainableParameters, run.TotalParameters, run.Attempts, JsonDocument.Parse(run.SpecJson).RootElement,
        run.Priority, run.RequiredDevice, run.MinMemoryBytes);
}
