using System.Diagnostics;
using LabPortal.Agent.Artifacts;
using LabPortal.Agent.Data;
using LabPortal.Agent.Evaluation;
using LabPortal.Agent.Models;
using LabPortal.Agent.Tokenization;
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
/// Same seed and data give the same result on CPU: torch and the shuffle are both seeded from the spec.
/// </summary>
public sealed class Trainer(ModelCatalogue catalogue, TimeProvider clock)
{
    public Trainer() : this(ModelCatalogue.Default, TimeProvider.System)
    {
    }

    public TrainingResult Train(TrainingJob job, IProgress<ProgressReport>? progress, CancellationToken cancellationToken)
    {
        var spec = job.Spec;
        var training = spec.Training;
        var started = Stopwatch.StartNew();
        var fingerprint = DatasetFingerprint.Compute(job.TrainPath, job.ValidationPath);

        using var loaded = catalogue.Create(spec.Model, spec.Seed, job.Device);
        var model = loaded.Model;
        var padId = loaded.Tokenizer.Special.Pad;
        var encoder = new PairEncoder(loaded.Tokenizer, training.MaxLength);
        var trainSet = Encode(PairFileReader.Read(job.TrainPath, spec.Dataset), encoder);
        var validationSet = Encode(PairFileReader.Read(job.ValidationPath, spec.Dataset), encoder);
        cancellationToken.ThrowIfCancellationRequested();

        MethodSetup.Apply(model, spec.Method);
        var (trainable, total) = CountParameters(model);
        using var optimizer = TrainingOptimizer.Create(model, training.LearningRate, training.WeightDecay, LearningRateScales.From(spec.Method));
        var parameters = model.parameters().Where(p => p.requires_grad).ToList();

        var stepsPerEpoch = (trainSet.Count + training.BatchSize - 1) / training.BatchSize;
        var totalSteps = stepsPerEpoch * training.Epochs;
        var warmupSteps = LearningRateSchedule.WarmupSteps(totalSteps, training.WarmupRatio);
        var shuffle = new Random(spec.Seed);
        var order = Enumerable.Range(0, trainSet.Count).ToArray();

        // Summed on the device; read with item() only when a report is due, so steps do not sync a GPU.
        using var lossSinceReport = zeros(1, ScalarType.Float64, job.Device);
        var stepsSinceReport = 0;
        var examplesSinceReport = 0;
        var sinceReport = Stopwatch.StartNew();
        var step = 0;
        var matching = DensityMatchingOf(spec.Method);
        var separatorId = loaded.Tokenizer.Special.Separator;
        EvaluationResult? evaluation = null;

        model.train();
        for (var epoch = 0; epoch < training.Epochs; epoch++)
        {
            shuffle.Shuffle(order);
            foreach (var batchIndices in order.Chunk(training.BatchSize))
            {
                cancellationToken.ThrowIfCancellationRequested();
                using (var scope = NewDisposeScope())
                {
                    optimizer.ApplySchedule(LearningRateSchedule.Multiplier(step, warmupSteps, totalSteps, training.Schedule));
                    var examples = batchIndices.Select(i => trainSet[i]).ToList();
                    var batch = BatchTensors.From(PaddedBatch.From(examples.Select(e => e.Pair).ToList(), padId), examples.Select(e => (long)e.Label).ToList(), job.Device);

                    var logits = model.call(batch.InputIds, batch.TokenTypeIds, batch.AttentionMask); // (B, 2)
                    var loss = nn.functional.cross_entropy(logits, batch.Labels);
                    loss.backward();
                    if (training.MaxGradNorm > 0)
                    {
                        nn.utils.clip_grad_norm_(parameters, training.MaxGradNorm);
                    }

                    optimizer.Optimizer.step();
                    optimizer.Optimizer.zero_grad();
                    lossSinceReport.add_(loss.detach().to_type(ScalarType.Float64));

                    step++;
                    stepsSinceReport++;
                    examplesSinceReport += examples.Count;
                    if (step % training.LogEverySteps == 0 || step == totalSteps)
                    {
                        progress?.Report(new ProgressReport
                        {
                            Time = clock.GetUtcNow(),
                            Kind = ProgressKind.Train,
                            Step = step,
                            TotalSteps = totalSteps,
                            Epoch = (double)step / stepsPerEpoch,
                            Loss = lossSinceReport.item<double>() / stepsSinceReport,
                            LearningRate = optimizer.AppliedRate(ParameterRole.Base),
                            LearningRateA = optimizer.AppliedRate(ParameterRole.LoraA),
                            LearningRateB = optimizer.AppliedRate(ParameterRole.LoraB),
                            ExamplesPerSecond = examplesSinceReport / Math.Max(sinceReport.Elapsed.TotalSeconds, 1e-9),
                        });
                        lossSinceReport.zero_();
                        stepsSinceReport = 0;
                        examplesSinceReport = 0;
                        sinceReport.Restart();
                    }
                }
            }

            // C3's features are needed only from the final model.
            var last = epoch == training.Epochs - 1;
            evaluation = Evaluator.Evaluate(model, validationSet, training.BatchSize * 2, padId, job.Device, last && matching is not null ? separatorId : null);
            progress?.Report(new ProgressReport
            {
                Time = clock.GetUtcNow(),
                Kind = ProgressKind.Eval,
                Step = step,
                TotalSteps = totalSteps,
                Epoch = epoch + 1,
                Loss = evaluation.Loss,
                Evaluation = evaluation.Counts,
            });
            sinceReport.Restart(); // evaluation time is not training throughput
        }

        var final = evaluation!;
        var decision = matching is null
            ? new MatchingDecision(final.Counts, null)
            : DecideWithMatchingScore(matching, Evaluator.Evaluate(model, trainSet, training.BatchSize * 2, padId, job.Device, separatorId), final);

        var result = new TrainingResult
        {
            Evaluation = decision.Counts,
            ClassifierEvaluation = final.Counts,
            MatchingThreshold = decision.Threshold,
            EvaluationLoss = final.Loss,
            Steps = step,
            TrainSeconds = started.Elapsed.TotalSeconds,
            TrainableParameters = trainable,
            TotalParameters = total,
            DatasetFingerprint = fingerprint,
            ValidationScores = final.Examples,
        };
        if (job.ArtifactFolder is { } artifacts)
        {
            RunArtifacts.Write(artifacts, spec, model, result);
        }

        return result;
    }

    /// <summary>C3 is on for enhanced LoRA with the density-aware matching score.</summary>
    private static DensityMatching? DensityMatchingOf(MethodSpec method) =>
        method.Kind == MethodKind.EnhancedLora && method.DensityMatching ? new DensityMatching(method.Gamma, method.Delta) : null;

    /// <summary>Chooses τ on the training split, then decides the validation pairs by S_match ≥ τ.</summary>
    private static MatchingDecision DecideWithMatchingScore(DensityMatching matching, EvaluationResult train, EvaluationResult validation)
    {
        var threshold = ThresholdSearch.BestF1(
            train.Examples.Select(e => matching.Score(e.Probability, e.Features!)).ToList(),
            train.Examples.Select(e => e.Label).ToList());
        var counts = ConfusionCounts.From(
            validation.Examples.Select(e => matching.Score(e.Probability, e.Features!) >= threshold).ToList(),
            validation.Examples.Select(e => e.Label).ToList());
        return new MatchingDecision(counts, threshold);
    }

    private static List<EncodedExample> Encode(IEnumerable<SentencePair> pairs, PairEncoder encoder) =>
        pairs.Select(p => new EncodedExample(encoder.Encode(p.First, p.Second), p.Label)).ToList();

    private static (long Trainable, long Total) CountParameters(nn.Module model)
    {
        var all = model.parameters().ToList();
        return (all.Where(p => p.requires_grad).Sum(p => p.numel()), all.Sum(p => p.numel()));
    }

}
