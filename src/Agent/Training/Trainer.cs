using System.Diagnostics;
using LabPortal.Agent.Artifacts;
using LabPortal.Agent.Data;
using LabPortal.Agent.Evaluation;
using LabPortal.Agent.Models;
using LabPortal.Agent.Lora;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training.Resume;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using LabPortal.Shared.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// Fine-tunes a catalogue model on a sentence-pair task with the spec's method (full, head-only, LoRA, enhanced LoRA). Knows nothing about hubs or logging: it reports
/// through <see cref="IProgress{T}"/> (Sequence is left 0 for the caller to number) and stops between
/// steps when the token is cancelled (throwing <see cref="OperationCanceledException"/>).
/// Same seed and data give the same result on CPU: torch and the batch plan are both seeded from the spec. With a
/// checkpoint folder it saves resumable checkpoints, and a job that resumes from one ends as the uninterrupted run would.
/// </summary>
public sealed class Trainer(ModelCatalogue catalogue, TimeProvider clock)
{
    public Trainer() : this(ModelCatalogue.Default, TimeProvider.System)
    {
    }

    public TrainingResult Train(TrainingJob job, IProgress<ProgressReport>? progress, CancellationToken cancellationToken)
    {
        var spec = ResolvePrecision(TunedDefaults.Resolve(job.Spec), job.Device);
        var training = spec.Training;
        var started = Stopwatch.StartNew();
        var fingerprint = DatasetFingerprint.Compute(job.TrainPath, job.ValidationPath);
        PrecisionSetup.RequireSupportedDevice(training.Precision, job.Device);

        // Seeding and the seeded draws (initial weights, LoRA init) happen together under the gate (see TorchRandom).
        LoadedModel created;
        lock (TorchRandom.Gate)
        {
            created = catalogue.Create(spec.Model, spec.Seed, job.Device, spec.Head, TaskFacts.For(spec.Dataset), spec.Method.Kind);
            try
            {
                MethodSetup.Apply(created.Model, spec.Method);
                PrecisionSetup.Apply(created.Model, training.Precision);
                if (training.GradientCheckpointing)
                {
                    LayerCheckpoint.EnableOn(created.Model);
                }
            }
            catch
            {
                created.Dispose();
                throw;
            }
        }

        using var loaded = created;
        var model = loaded.Model;
        var adapterDiagnostics = AdapterDiagnostics.For(model);
        spec = spec with { Head = model.Head.ToSpec() }; // stored resolved, so the run rebuilds the same model
        var special = loaded.Tokenizer.Special;
        var encoder = new PairEncoder(loaded.Tokenizer, training.MaxLength);
        var data = TrainingData.Load(job, spec, encoder);
        cancellationToken.ThrowIfCancellationRequested();
        if (model.Outputs == 1 && data.Train.Count > 0)
        {
            model.StartScoresAt(data.Train.Average(e => e.Label));
        }

        var evaluationBatch = training.BatchSize * 2;

        if (spec.Method.Kind == MethodKind.ZeroShot)
        {
            var (zeroShot, threshold) = ZeroShot.Run(model, data.Thresholds, data.Validation, evaluationBatch, special, job.Device);
            var (_, parameters) = CountParameters(model);
            return Finish(job, spec, model, started, fingerprint, new MatchingDecision(zeroShot.Counts, threshold), zeroShot, null, 0, null, false, 0, 0, parameters);
        }

        var (trainable, total) = CountParameters(model);
        using var optimizer = TrainingOptimizer.Create(model, training.LearningRate!.Value, training.WeightDecay, LearningRateScales.From(spec.Method), MethodSetup.DecaysLoraFactors(spec.Method));
        var named = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var parameterList = named.Select(p => p.parameter).ToList();

        // A linear probe reads features the frozen encoder gives each pair once.
        using var trainFeatures = spec.Method.Kind == MethodKind.HeadOnly ? FrozenFeatures.Compute(model, data.Train, evaluationBatch, special, job.Device) : null;
        using var selectionFeatures = trainFeatures is null ? null : FrozenFeatures.Compute(model, data.Selection, evaluationBatch, special, job.Device);

        // Step and TotalSteps count optimiser steps; an epoch's last step may take fewer micro-batches.
        var stepsPerEpoch = (BatchPlanner.BatchesPerEpoch(data.Train.Count, training.BatchSize) + training.GradientAccumulationSteps - 1) / training.GradientAccumulationSteps;
        var totalSteps = stepsPerEpoch * training.Epochs;
        var warmupSteps = LearningRateSchedule.WarmupSteps(totalSteps, training.WarmupRatio);
        var evaluations = new EvaluationSchedule(stepsPerEpoch, training.EvalEverySteps);
        using var best = new BestCheckpoint(training.BestMetric, training.EarlyStoppingPatience, parameterList);
        // One element per optimiser step, its micro-batches; seeded, so a resumed run takes up the plan at its next step.
        var plan = BatchPlanner.Epochs(data.Train.Select(e => e.Pair.Length).ToList(), training.BatchSize, training.LengthBucketing, spec.Seed)
            .Take(training.Epochs)
            .SelectMany(epoch => epoch.Chunk(training.GradientAccumulationSteps))
            .ToArray();
        Debug.Assert(plan.Length == totalSteps, "the plan holds exactly one entry per optimiser step");
        using var window = new TrainWindow(job.Device);

        // Evaluations during training pick the checkpoint, so they read the selection split (see TrainingData). A C3 run
        // scores its match features too, so each evaluation also says how S_match ≥ τ decides those pairs.
        var matching = DensityMatching.IsOn(spec.Method);
        EvaluationResult EvaluateSelection() =>
            Evaluator.Evaluate(model, data.Selection, evaluationBatch, special, job.Device, matchFeatures: matching, frozen: selectionFeatures);

        var resumable = new ResumableRun(spec, fingerprint, named, optimizer, best, window);
        int start;
        lock (TorchRandom.Gate)
        {
            start = job.ResumeFrom is { } resumeFrom ? resumable.Restore(resumeFrom, EvaluateSelection) : 0;
        }

        void Checkpoint(int stepsTaken)
        {
            if (job.CheckpointFolder is { } folder && job.CheckpointEverySteps > 0)
            {
                lock (TorchRandom.Gate)
                {
                    resumable.Save(folder, stepsTaken, stepsPerEpoch, totalSteps);
                }

                job.CheckpointWritten?.Invoke(folder);
            }
        }

        var taken = start;
        var stoppedEarly = false;

        // nanoGPT's order: set the rate → forward/backward (accumulated) → clip → step → zero grad → log → evaluate and
        // keep the best when due → checkpoint when due. A checkpoint holds the evaluations up to its step.
        model.train();
        for (var step = start; step < totalSteps; step++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Checkpoint(taken);
                cancellationToken.ThrowIfCancellationRequested();
            }

            optimizer.ApplySchedule(LearningRateSchedule.Multiplier(step, warmupSteps, totalSteps, training.Schedule));
            using (NewDisposeScope())
            {
                window.StartStep();
                Tensor loss;
                lock (TorchRandom.Gate)
                {
                    loss = ForwardBackward(model, plan[step], data.Train, special, job.Device, trainFeatures); // dropout draws
                }

                if (training.MaxGradNorm > 0)
                {
                    nn.utils.clip_grad_norm_(parameterList, training.MaxGradNorm);
                }

                optimizer.Step();
                optimizer.ZeroGrad();
                window.Add(loss, plan[step].Sum(b => b.Length));
            }

            taken = step + 1;
            if (taken % training.LogEverySteps == 0 || taken == totalSteps)
            {
                var (trainLoss, examplesPerSecond) = window.Take();
                progress?.Report(Report(ProgressKind.Train, taken, totalSteps, stepsPerEpoch) with
                {
                    Loss = trainLoss,
                    LearningRate = optimizer.AppliedRate(ParameterRole.Base),
                    LearningRateA = optimizer.AppliedRate(ParameterRole.LoraA),
                    LearningRateB = optimizer.AppliedRate(ParameterRole.LoraB),
                    ExamplesPerSecond = examplesPerSecond,
                    Adapters = adapterDiagnostics?.MeasureAt(taken / training.LogEverySteps, last: taken == totalSteps),
                });
            }

            if (evaluations.IsDue(taken))
            {
                var evaluation = EvaluateSelection();
                progress?.Report(Report(ProgressKind.Eval, taken, totalSteps, stepsPerEpoch) with
                {
                    Loss = evaluation.Loss,
                    Evaluation = evaluation.Regression is null ? evaluation.Counts : null,
                    Regression = evaluation.Regression,
                    Matching = matching ? DensityMatching.Decide(spec.Method, evaluation, evaluation).Counts : null,
                });
                if (best.Offer(taken, evaluation))
                {
                    stoppedEarly = taken < totalSteps;
                    break;
                }
            }

            if (job.CheckpointEverySteps > 0 && taken % job.CheckpointEverySteps == 0)
            {
                Checkpoint(taken);
            }
        }

        // Decisions, C3's τ included, come from the reported model: the best one when the spec keeps the best. The
        // validation file is evaluated here, once, for the report.
        best.Restore();
        var final = Evaluator.Evaluate(model, data.Validation, evaluationBatch, special, job.Device, matchFeatures: matching);
        var decision = matching
            ? DensityMatching.Decide(spec.Method, Evaluator.Evaluate(model, data.Thresholds, evaluationBatch, special, job.Device, matchFeatures: true), final)
            : new MatchingDecision(final.Counts, null);
        var selected = best.Evaluation is null ? null : EvaluateSelection().Counts; // the reported model, evaluated again
        return Finish(job, spec, model, started, fingerprint, decision, final, selected, taken, best.BestStep, stoppedEarly, window.ExamplesPerSecond, trainable, total);
    }

    /// <summary>"auto" becomes what this agent's device runs best (see PrecisionDefaults); the run's files record the choice.</summary>
    private static ExperimentSpec ResolvePrecision(ExperimentSpec spec, Device device) => spec with
    {
        Training = spec.Training with { Precision = PrecisionDefaults.Resolve(spec.Training.Precision, spec.Method.Kind, Bf16Hardware.IsFast(device)) },
    };

    private static TrainingResult Finish(
        TrainingJob job, ExperimentSpec spec, PairClassifier model, Stopwatch started, string fingerprint, MatchingDecision decision,
        EvaluationResult final, ConfusionCounts? selection, int steps, int? bestStep, bool stoppedEarly, double examplesPerSecond, long trainable, long total)
    {
        var result = new TrainingResult
        {
            Spec = spec,
            Precision = spec.Training.Precision,
            Evaluation = decision.Counts,
            ClassifierEvaluation = final.Counts,
            Regression = final.Regression,
            MatchingThreshold = decision.Threshold,
            MatchingGamma = decision.Rule?.Gamma,
            MatchingDelta = decision.Rule?.Delta,
            DecidedByMatchingScore = DensityMatching.IsOn(spec.Method),
            SelectionEvaluation = selection,
            EvaluationLoss = double.IsNaN(final.Loss) ? null : final.Loss,
            Steps = steps,
            BestStep = bestStep,
            StoppedEarly = stoppedEarly,
            TrainSeconds = started.Elapsed.TotalSeconds,
            ExamplesPerSecond = examplesPerSecond,
            PeakMemoryBytes = PeakWorkingSet(),
            TrainableParameters = trainable,
            TotalParameters = total,
            DatasetFingerprint = fingerprint,
            Head = model.Head,
            ValidationScores = final.Examples,
        };
        if (job.ArtifactFolder is { } artifacts)
        {
            RunArtifacts.Write(artifacts, spec, model, result);
        }

        return result;
    }

    /// <summary>
    /// Forward and backward over one optimiser step's micro-batches. Each batch's mean loss is weighted by its share
    /// of the step's examples, so the summed gradient is that of the mean loss over all of them, as one batch would give.
    /// With <paramref name="frozen"/> (a linear probe) the head reads its precomputed rows instead of encoding.
    /// Returns that mean loss, detached.
    /// </summary>
    internal static Tensor ForwardBackward(
        PairClassifier model, int[][] microBatches, IReadOnlyList<EncodedExample> trainSet, SpecialTokens special, Device device,
        FrozenFeatures? frozen = null)
    {
        var examples = microBatches.Sum(b => b.Length);
        var stepLoss = zeros(1, ScalarType.Float64, device);
        foreach (var indices in microBatches)
        {
            using var scope = NewDisposeScope();
            var chosen = indices.Select(i => trainSet[i]).ToList();
            var logits = frozen is null
                ? model.Classify(PairBatch.From(chosen, model.Head.Kind, special, device)).Logits // (B, outputs)
                : model.Classify(frozen.Rows(indices));
            var loss = TaskLoss.Of(logits, chosen).Times((double)indices.Length / examples);
            loss.backward();
            stepLoss.AddInPlace(loss.detach().to_type(ScalarType.Float64));
        }

        return stepLoss;
    }

    private ProgressReport Report(ProgressKind kind, int step, int totalSteps, int stepsPerEpoch) => new()
    {
        Time = clock.GetUtcNow(),
        Kind = kind,
        Step = step,
        TotalSteps = totalSteps,
        Epoch = (double)step / stepsPerEpoch,
    };

    /// <summary>The process's peak working set: the .NET runtime and libtorch's own allocations count too.</summary>
    private static long PeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private static (long Trainable, long Total) CountParameters(nn.Module model)
    {
        var all = model.parameters().ToList();
        return (all.Where(p => p.requires_grad).Sum(p => p.numel()), all.Sum(p => p.numel()));
    }

}
