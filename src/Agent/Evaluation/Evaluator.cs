using LabPortal.Agent.Models;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Metrics;
using static TorchSharp.torch;

namespace LabPortal.Agent.Evaluation;

/// <summary>Scores a model on labelled pairs without gradients; class 1 (duplicate / paraphrase) is positive.</summary>
public static class Evaluator
{
    /// <param name="featureSeparatorId">When set, also computes C3's features, finding segments by this separator id.</param>
    public static EvaluationResult Evaluate(
        BertForPairClassification model, IReadOnlyList<EncodedExample> examples, int batchSize, int padId, Device device,
        int? featureSeparatorId = null)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var lossSum = zeros(1, ScalarType.Float64, device);
            var scores = new List<ExampleScore>(examples.Count);
            foreach (var chunk in examples.Chunk(batchSize))
            {
                using var batchScope = NewDisposeScope();
                var batch = BatchTensors.From(PaddedBatch.From(chunk.Select(e => e.Pair).ToList(), padId), chunk.Select(e => (long)e.Label).ToList(), device);
                var (logits, hidden) = model.ClassifyWithStates(batch.InputIds, batch.TokenTypeIds, batch.AttentionMask); // (B, 2), (B, T, C)
                lossSum.add_(nn.functional.cross_entropy(logits, batch.Labels, reduction: nn.Reduction.Sum).to_type(ScalarType.Float64));

                var probabilities = nn.functional.softmax(logits.to_type(ScalarType.Float64), 1).select(1, 1).cpu().data<double>().ToArray();
                var states = featureSeparatorId is null ? null : hidden.cpu();
                for (var i = 0; i < chunk.Length; i++)
                {
                    var features = states is null ? null : MatchFeatures.Of(chunk[i].Pair.InputIds, featureSeparatorId!.Value, states[i]);
                    scores.Add(new ExampleScore(probabilities[i], chunk[i].Label == 1, features));
                }
            }

            var counts = ConfusionCounts.From(scores.Select(s => s.PredictedPositive).ToList(), scores.Select(s => s.Label).ToList());
            var loss = examples.Count == 0 ? 0 : lossSum.item<double>() / examples.Count;
            return new EvaluationResult(counts, loss, scores);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
