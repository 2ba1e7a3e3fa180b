using LabPortal.Agent.Models;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using static TorchSharp.torch;

namespace LabPortal.Agent.Evaluation;

/// <summary>
/// The baseline that trains nothing: the cosine of the two texts' pooled embeddings (u and v of a bi-encoder's
/// features), "duplicate" when it reaches a threshold chosen for accuracy on held-out training pairs.
/// </summary>
public static class ZeroShot
{
    /// <summary>Each example's cosine(u, v), in input order.</summary>
    public static IReadOnlyList<double> Cosines(PairClassifier model, IReadOnlyList<EncodedExample> examples, int batchSize, SpecialTokens special, Device device)
    {
        using var features = FrozenFeatures.Compute(model, examples, batchSize, special, device);
        using var scope = NewDisposeScope();
        var width = model.HiddenSize;
        var u = features.All.narrow(1, 0, width).to_type(ScalarType.Float64);
        var v = features.All.narrow(1, width, width).to_type(ScalarType.Float64);
        return nn.functional.cosine_similarity(u, v, dim: 1).cpu().data<double>().ToArray();
    }

    /// <summary>Chooses τ on <paramref name="selection"/>, then scores <paramref name="evaluation"/> against it.</summary>
    public static (EvaluationResult Evaluation, double Threshold) Run(
        PairClassifier model, IReadOnlyList<EncodedExample> selection, IReadOnlyList<EncodedExample> evaluation, int batchSize, SpecialTokens special, Device device)
    {
        var threshold = ThresholdSearch.BestAccuracy(Cosines(model, selection, batchSize, special, device), selection.Select(e => e.Label == 1).ToList());
        var scores = Cosines(model, evaluation, batchSize, special, device)
            .Select((cosine, i) => new ExampleScore(cosine, evaluation[i].Label == 1, null, threshold))
            .ToList();
        return (new EvaluationResult(Evaluator.Count(scores), double.NaN, scores), threshold);
    }
}
