using System.Globalization;
using System.Text;
using LabPortal.Agent.Evaluation;
using LabPortal.Shared.Runs;

namespace LabPortal.Agent.Artifacts;

/// <summary>
/// predictions.tsv: one row per validation example in input order — index, label, the classifier's probability of
/// "duplicate", its predicted label, and with C3 the matching score S_match and the final decision (S_match ≥ τ).
/// With k classes (MNLI) the label and prediction are class numbers and the probability is the predicted class's; for a
/// regression task (STS-B) they are the gold and the predicted score (the probability column repeats the prediction).
/// Probabilities are written round-trip exact, so the file can be checked against a reloaded model.
/// </summary>
public static class PredictionsFile
{
    public const string FileName = ArtifactNames.Predictions;

    /// <param name="matching">C3's rule and τ; null when the classifier decided.</param>
    /// <param name="labelled">False for texts scored without labels: the label column is left empty.</param>
    public static void Write(string path, IReadOnlyList<ExampleScore> scores, (DensityMatching Rule, double Threshold)? matching, bool labelled = true)
    {
        var text = new StringBuilder(matching is null ? "index\tlabel\tprobability\tpredicted\n" : "index\tlabel\tprobability\tpredicted\ts_match\tdecision\n");
        for (var i = 0; i < scores.Count; i++)
        {
            var score = scores[i];
            var (label, predicted) = score switch
            {
                { Regression: var (gold, value) } => (gold.ToString("R", CultureInfo.InvariantCulture), value.ToString("R", CultureInfo.InvariantCulture)),
                { Classes: var (actual, argmax) } => ($"{actual}", $"{argmax}"),
                _ => ($"{Bit(score.Label)}", $"{Bit(score.PredictedPositive)}"),
            };
            text.Append(CultureInfo.InvariantCulture, $"{i}\t{(labelled ? label : "")}\t{score.Probability:R}\t{predicted}");
            if (matching is var (rule, threshold))
            {
                var features = score.Features ?? throw new InvalidOperationException($"Example {i} has no C3 features to score.");
                var match = rule.Score(score.Probability, features);
                text.Append(CultureInfo.InvariantCulture, $"\t{match:R}\t{Bit(match >= threshold)}");
            }

            text.Append('\n');
        }

        File.WriteAllText(path, text.ToString());
    }

    private static int Bit(bool value) => value ? 1 : 0;
}
