using LabPortal.Agent.Models;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Metrics;
using static TorchSharp.torch;

namespace LabPortal.Agent.Evaluation;

/// <summary>Scores a model on labelled pairs without gradients; class 1 (duplicate / paraphrase) is positive.</summary>
public static class Evaluator
{
    public static EvaluationResult Evaluate(
        BertForPairClassification model, IReadOnlyList<EncodedExample> examples, int batchSize, int padId, Device device)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var lossSum = zeros(1, ScalarType.Float64, device);
            var counts = ConfusionCounts.Empty;
            foreach (var chunk in examples.Chunk(batchSize))
            {
                using var batchScope = NewDisposeScope();
                var batch = BatchTensors.From(PaddedBatch.From(chunk.Select(e => e.Pair).ToList(), padId), chunk.Select(e => (long)e.Label).ToList(), device);
                var logits = model.call(batch.InputIds, batch.TokenTypeIds, batch.AttentionMask); // (B, 2)
                lossSum.add_(nn.functional.cross_entropy(logits, batch.Labels, reduction: nn.Reduction.Sum).to_type(ScalarType.Float64));

                var predicted = logits.argmax(1).cpu().data<long>().ToArray();
                for (var i = 0; i < chunk.Length; i++)
                {
                    counts = counts.Add(predicted[i] == 1, chunk[i].Label == 1);
                }
            }

            var loss = examples.Count == 0 ? 0 : lossSum.item<double>() / examples.Count;
            return new EvaluationResult(counts, loss);
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}
