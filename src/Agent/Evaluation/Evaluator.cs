using LabPortal.Agent.Models;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using static TorchSharp.torch;

namespace LabPortal.Agent.Evaluation;

/// <summary>Scores a model on labelled pairs without gradients; class 1 (duplicate / paraphrase) is positive.</summary>
public static class Evaluator
{
    /// <param name="matchFeatures">Also compute C3's features from the final token states.</param>
    /// <param name="frozen">The examples' precomputed head inputs (a linear probe's), in the same order; null encodes them.</param>
    public static EvaluationResult Evaluate(
        PairClassifier model, IReadOnlyList<EncodedExample> examples, int batchSize, SpecialTokens special, Device device,
        bool matchFeatures = false, FrozenFeatures? frozen = null)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var lossSum = zeros(1, ScalarType.Float64, device);
            var scores = new List<ExampleScore>(examples.Count);
            var classCount = model.Outputs;
            for (var start = 0; start < examples.Count; start += batchSize)
            {
                using var batchScope = NewDisposeScope();
                var chunk = examples.Skip(start).Take(batchSize).ToList();
                var batch = PairBatch.From(chunk, model.Head.Kind, special, device);
                var output = frozen is null || matchFeatures
                    ? model.Classify(batch)
                    : new PairOutput(model.Classify(frozen.Rows(Enumerable.Range(start, chunk.Count).ToList())), empty(0), null);
                lossSum.AddInPlace(TaskLoss.Of(output.Logits, chunk, nn.Reduction.Sum).to_type(ScalarType.Float64));
                if (classCount == 1)
                {
                    var predicted = output.Logits.select(1, 0).to_type(ScalarType.Float64).cpu().data<double>().ToArray();
                    scores.AddRange(chunk.Select((e, i) => new ExampleScore(predicted[i], false, null) { Regression = (e.Label, predicted[i]) }));
                    continue;
                }

                var probabilities = nn.functional.softmax(output.Logits.to_type(ScalarType.Float64), 1);
                if (classCount > 2)
                {
                    scores.AddRange(ClassScores(probabilities, chunk));
                    continue;
                }

                var duplicate = probabilities.select(1, 1).cpu().data<double>().ToArray();
                for (var i = 0; i < chunk.Count; i++)
                {
                    var features = matchFeatures ? FeaturesOf(model.Head.Kind, chunk[i].Pair, special, output, i) : null;
                    scores.Add(new ExampleScore(duplicate[i], chunk[i].Label == 1, features));
                }
            }

            var loss = examples.Count == 0 ? 0 : lossSum.item<double>() / examples.Count;
            return classCount switch
            {
                1 => new EvaluationResult(ConfusionCounts.Empty, loss, scores) { Regression = ScoreRegression(scores) },
                > 2 => new EvaluationResult(CountClasses(scores, classCount), loss, scores),
                _ => new EvaluationResult(Count(scores), loss, scores),
            };
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Each example's argmax class and its probability (a k-class task).</summary>
    private static IEnumerable<ExampleScore> ClassScores(Tensor probabilities, IReadOnlyList<EncodedExample> chunk)
    {
        var (top, predicted) = probabilities.max(1);
        var topProbabilities = top.cpu().data<double>().ToArray();
        var predictedClasses = predicted.cpu().data<long>().ToArray();
        return chunk.Select((example, i) => new ExampleScore(topProbabilities[i], false, null) { Classes = ((int)example.Label, (int)predictedClasses[i]) }).ToList();
    }

    /// <summary>A regression task's Pearson, Spearman and MSE (null below two examples, where no correlation exists).</summary>
    public static RegressionScores? ScoreRegression(IReadOnlyList<ExampleScore> scores) => scores.Count < 2 ? null : RegressionScores.From(
        scores.Select(s => s.Regression!.Value.Predicted).ToList(), scores.Select(s => s.Regression!.Value.Actual).ToList());

    /// <summary>The k×k confusion matrix of a k-class task's scores.</summary>
    public static ConfusionCounts CountClasses(IReadOnlyList<ExampleScore> scores, int classCount) => ConfusionCounts.Of(ClassConfusion.From(
        scores.Select(s => s.Classes!.Value.Predicted).ToList(), scores.Select(s => s.Classes!.Value.Actual).ToList(), classCount));

    /// <summary>The confusion matrix of the scores' decisions.</summary>
    public static ConfusionCounts Count(IReadOnlyList<ExampleScore> scores) =>
        ConfusionCounts.From(scores.Select(s => s.PredictedPositive).ToList(), scores.Select(s => s.Label).ToList());

    private static MatchFeatures FeaturesOf(HeadKind head, EncodedPair pair, SpecialTokens special, PairOutput output, int row)
    {
        using var states = output.JointOrFirstStates[row].cpu();
        if (head == HeadKind.CrossEncoder)
        {
            return MatchFeatures.Of(pair.InputIds, PairSegments.Of(pair, special.Separator), states);
        }

        using var second = output.SecondStates![row].cpu();
        return MatchFeatures.OfSeparate(pair, special, states, second);
    }
}
