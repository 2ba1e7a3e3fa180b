using LabPortal.Agent.Models;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using TorchSharp;

namespace LabPortal.Agent.Tests.Training;

/// <summary>The loop options: gradient accumulation, evaluation every N steps, the best checkpoint and early stopping.</summary>
public sealed class TrainerLoopTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static ExperimentSpec Spec(Func<TrainingSpec, TrainingSpec> training, MethodSpec? method = null) =>
        TrainingFixture.QuickSpec() with
        {
            Method = method ?? TrainingFixture.QuickSpec().Method,
            Training = training(TrainingFixture.QuickSpec().Training),
        };

    private static (TrainingResult Result, List<ProgressReport> Reports) Train(TrainingJob job, ModelCatalogue? catalogue = null)
    {
        var reports = new List<ProgressReport>();
        var result = new Trainer(catalogue ?? ModelCatalogue.Default, TimeProvider.System).Train(job, new SynchronousProgress(reports), CancellationToken.None);
        return (result, reports);
    }

    [Fact]
    public void One_step_over_two_accumulated_batches_of_8_moves_the_parameters_as_one_batch_of_16_does()
    {
        var spec = Spec(t => t with { Epochs = 1, WarmupRatio = 0, LogEverySteps = 1 });
        var train = _temp.WriteSlice("sixteen.tsv", TestPaths.QqpTrain, rows: 16);
        var dev = _temp.WriteSlice("eight.tsv", TestPaths.QqpDev, rows: 8);

        var accumulated = ParametersAfterTraining(new TrainingJob(spec with { Training = spec.Training with { BatchSize = 8, GradientAccumulationSteps = 2 } }, train, dev, torch.CPU));
        var combined = ParametersAfterTraining(new TrainingJob(spec with { Training = spec.Training with { BatchSize = 16 } }, train, dev, torch.CPU));

        Assert.Equal(combined.Keys, accumulated.Keys);
        var largest = combined.Max(p => p.Value.Zip(accumulated[p.Key], (a, b) => Math.Abs(a - b)).Max());
        Assert.True(largest <= 1e-6, $"largest parameter difference {largest}");
    }

    /// <summary>
    /// Trains "tiny" without dropout (so both runs see the same function) and reads its parameters when the run
    /// reports its only evaluation, after its one optimiser step.
    /// </summary>
    private static Dictionary<string, float[]> ParametersAfterTraining(TrainingJob job)
    {
        BertForPairClassification? model = null;
        var noDropout = TinyModel.Entry with
        {
            CreateConfig = tokenizer => TinyModel.Entry.CreateConfig(tokenizer) with { HiddenDropoutProb = 0, AttentionProbsDropoutProb = 0 },
            LoadWeights = created => model = created,
        };
        var parameters = new Dictionary<string, float[]>();
        var progress = new SynchronousProgress([], report =>
        {
            if (report.Kind == ProgressKind.Eval)
            {
                Assert.Equal(1, report.Step);
                foreach (var (name, parameter) in model!.named_parameters())
                {
                    parameters[name] = parameter.detach().cpu().data<float>().ToArray();
                }
            }
        });

        new Trainer(new ModelCatalogue([noDropout]), TimeProvider.System).Train(job, progress, CancellationToken.None);
        return parameters;
    }

    [Fact]
    public void With_accumulation_steps_and_the_schedule_count_optimiser_steps()
    {
        // 200 pairs in batches of 16 are 13 micro-batches an epoch: 7 optimiser steps, the last over one batch.
        var (result, reports) = Train(TrainingFixture.Job(_temp, Spec(t => t with { GradientAccumulationSteps = 2, LogEverySteps = 1 })));

        var train = reports.Where(r => r.Kind == ProgressKind.Train).ToList();
        Assert.Equal(14, result.Steps);
        Assert.Equal(Enumerable.Range(1, 14), train.Select(r => r.Step));
        Assert.All(reports, r => Assert.Equal(14, r.TotalSteps));
        Assert.Equal([7, 14], reports.Where(r => r.Kind == ProgressKind.Eval).Select(r => r.Step));
        // Warm-up is ceil(0.1 × 14) = 2 optimiser steps (not 3 of 26 micro-batches): rates 0, ½ and then the full 1e-3.
        Assert.Equal([0, 5e-4, 1e-3], train.Take(3).Select(r => Math.Round(r.LearningRate!.Value, 12)));
    }

    [Fact]
    public void Evaluating_every_few_steps_adds_evaluations_without_repeating_epoch_ends()
    {
        // 13 steps an epoch, 26 in all; every 5 steps gives 5, 10, 13 (epoch end), 15, 20, 25, 26.
        var (result, reports) = Train(TrainingFixture.Job(_temp, Spec(t => t with { EvalEverySteps = 5 })));

        Assert.Equal([5, 10, 13, 15, 20, 25, 26], reports.Where(r => r.Kind == ProgressKind.Eval).Select(r => r.Step));
        Assert.All(reports, r => Assert.Null(r.Matching)); // no C3, no S_match reading
        Assert.Null(result.BestStep);
        Assert.Equal(reports.Last(r => r.Kind == ProgressKind.Eval).Evaluation, result.Evaluation);
    }

    [Fact]
    public void The_best_checkpoint_by_loss_is_restored_and_c3_decides_with_it()
    {
        var method = new MethodSpec { Kind = MethodKind.EnhancedLora, Rank = 4, DensityMatching = true };
        var (result, reports) = Train(TrainingFixture.Job(_temp, Spec(t => t with { Epochs = 3, LearningRate = 5e-3, EvalEverySteps = 3, BestMetric = CheckpointMetric.Loss, SelectionSplit = 0.2 }, method)));

        var evals = reports.Where(r => r.Kind == ProgressKind.Eval).ToList();
        var best = evals.MinBy(r => r.Loss!.Value)!;
        Assert.Equal(best.Step, result.BestStep);
        Assert.NotEqual(result.Steps, result.BestStep); // the test means something only if the best is not the last model
        // Evaluations read the 40 held-out training pairs; the restored model scores on them as the best one did,
        // and the 100 validation pairs are evaluated only for the report.
        Assert.Equal(40, best.Evaluation!.Total);
        Assert.Equal(best.Evaluation, result.SelectionEvaluation);
        // Each evaluation also decides the same 40 pairs by S_match ≥ τ, for the run page's dashed curves.
        Assert.All(evals, e => Assert.Equal(40, e.Matching!.Total));
        Assert.Equal(100, result.ClassifierEvaluation!.Total);
        Assert.NotNull(result.MatchingThreshold);
        Assert.False(result.StoppedEarly);
    }

    [Fact]
    public void Early_stopping_ends_the_run_after_patience_evaluations_without_improvement()
    {
        var (result, reports) = Train(TrainingFixture.Job(_temp, Spec(t => t with
        {
            Epochs = 3, LearningRate = 5e-3, EvalEverySteps = 2, BestMetric = CheckpointMetric.Loss, EarlyStoppingPatience = 2,
        })));

        var evals = reports.Where(r => r.Kind == ProgressKind.Eval).ToList();
        Assert.True(result.StoppedEarly);
        Assert.True(result.Steps < 39, $"stopped after {result.Steps} of 39 steps");
        Assert.All(reports, r => Assert.Equal(39, r.TotalSteps));
        Assert.Equal(ProgressKind.Eval, reports[^1].Kind);
        Assert.Equal(result.Steps, reports[^1].Step);
        Assert.Equal(evals[^3].Step, result.BestStep);               // the best, then two evaluations without improvement
        Assert.Equal(evals[^3].Evaluation, result.Evaluation);
    }
}
