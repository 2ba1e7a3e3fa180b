using System.Text.Json.Serialization;

namespace LabPortal.Shared.Metrics;

/// <summary>
/// A k×k confusion matrix for k ≥ 3 classes (MNLI's entailment / neutral / contradiction): <see cref="Rows"/>[true][predicted].
/// Accuracy, macro-F1 and the multi-class MCC (Gorodkin's R_K, which is the binary MCC at k = 2) come from it; like
/// <see cref="ConfusionCounts"/>, degenerate matrices give 0, never NaN.
/// </summary>
public sealed record ClassConfusion
{
    /// <summary>Rows[actual][predicted]: how many examples of class <c>actual</c> were predicted as <c>predicted</c>.</summary>
    public long[][] Rows { get; init; } = [];

    [JsonIgnore] public int ClassCount => Rows.Length;

    [JsonIgnore] public long Total => Square ? Rows.Sum(r => r.Sum()) : 0;

    [JsonIgnore] public double Accuracy => Square ? Ratio(Enumerable.Range(0, ClassCount).Sum(c => Rows[c][c]), Total) : 0;

    /// <summary>
    /// The unweighted mean of each class's F1 over the classes that occur as a label or a prediction (scikit-learn's
    /// average="macro"): a class absent from both says nothing of the model.
    /// </summary>
    [JsonIgnore]
    public double MacroF1
    {
        get
        {
            var present = Square ? Enumerable.Range(0, ClassCount).Where(k => Actual(k) + Predicted(k) > 0).ToList() : [];
            return present.Count == 0 ? 0 : present.Average(ClassF1);
        }
    }

    /// <summary>Whether the rows make a k×k matrix; a ragged one (from a broken message, refused by the portal) scores 0.</summary>
    [JsonIgnore] public bool Square => Rows.All(r => r is not null && r.Length == Rows.Length);

    /// <summary>Gorodkin's R_K: (c·s − Σ p_k·t_k) / √((s² − Σ p_k²)(s² − Σ t_k²)), as scikit-learn's matthews_corrcoef.</summary>
    [JsonIgnore]
    public double Mcc
    {
        get
        {
            if (!Square)
            {
                return 0;
            }

            double s = Total, c = Enumerable.Range(0, ClassCount).Sum(k => Rows[k][k]);
            var t = Enumerable.Range(0, ClassCount).Select(k => (double)Actual(k)).ToList();
            var p = Enumerable.Range(0, ClassCount).Select(k => (double)Predicted(k)).ToList();
            var denominator = Math.Sqrt((s * s - p.Sum(x => x * x)) * (s * s - t.Sum(x => x * x)));
            return denominator == 0 ? 0 : (c * s - p.Zip(t, (a, b) => a * b).Sum()) / denominator;
        }
    }

    public static ClassConfusion From(IReadOnlyList<int> predicted, IReadOnlyList<int> actual, int classCount)
    {
        if (predicted.Count != actual.Count)
        {
            throw new ArgumentException($"{predicted.Count} predictions but {actual.Count} labels.", nameof(predicted));
        }

        var rows = Enumerable.Range(0, classCount).Select(_ => new long[classCount]).ToArray();
        for (var i = 0; i < predicted.Count; i++)
        {
            if (actual[i] < 0 || actual[i] >= classCount || predicted[i] < 0 || predicted[i] >= classCount)
            {
                throw new ArgumentException($"Example {i} has label {actual[i]} and prediction {predicted[i]}; classes are 0 to {classCount - 1}.", nameof(predicted));
            }

            rows[actual[i]][predicted[i]]++;
        }

        return new ClassConfusion { Rows = rows };
    }

    /// <summary>Examples whose true class is k (row k's sum).</summary>
    private long Actual(int k) => Rows[k].Sum();

    /// <summary>Examples predicted as class k (column k's sum).</summary>
    private long Predicted(int k) => Rows.Sum(r => r[k]);

    private double ClassF1(int k)
    {
        double truePositive = Rows[k][k], actual = Actual(k), predicted = Predicted(k);
        return Ratio(2 * truePositive, actual + predicted);
    }

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;
}
