using System.Text;
using System.Text.Json.Serialization;

namespace LabPortal.Shared.Metrics;

/// <summary>
/// A confusion matrix over k ≥ 2 classes (MNLI's three, or any two-class task), rows the true class and columns the
/// predicted one, and the metrics derived from it. As in <see cref="ConfusionCounts"/>, degenerate matrices give
/// defined values, never NaN. In JSON it is its cells only ("rows"), so a stored matrix cannot disagree with its metrics.
/// Two matrices are equal when their cells are.
/// </summary>
public sealed record ClassConfusion
{
    private readonly long[] _cells; // row-major: true class · k + predicted class

    /// <summary>Takes the cells one row per true class; copies them, so the matrix cannot change afterwards.</summary>
    [JsonConstructor]
    public ClassConfusion(long[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var k = rows.Length;
        if (k < 2)
        {
            throw new ArgumentException($"A confusion matrix needs at least 2 classes; rows has {k}.", nameof(rows));
        }

        _cells = new long[k * k];
        for (var i = 0; i < k; i++)
        {
            if (rows[i]?.Length != k)
            {
                throw new ArgumentException($"rows[{i}] has length {rows[i]?.Length ?? 0}; a matrix of {k} classes needs rows of length {k}.", nameof(rows));
            }

            for (var j = 0; j < k; j++)
            {
                _cells[(i * k) + j] = rows[i][j] >= 0
                    ? rows[i][j]
                    : throw new ArgumentException($"rows[{i}][{j}] is {rows[i][j]}; a count cannot be negative.", nameof(rows));
            }
        }

        ClassCount = k;
    }

    /// <summary>A copy of the cells, one array per true class: the JSON shape.</summary>
    public long[][] Rows => Enumerable.Range(0, ClassCount).Select(i => _cells.AsSpan(i * ClassCount, ClassCount).ToArray()).ToArray();

    [JsonIgnore]
    public int ClassCount { get; }

    /// <summary>How many examples of class <paramref name="actual"/> were predicted as <paramref name="predicted"/>.</summary>
    public long this[int actual, int predicted]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)actual, (uint)ClassCount, nameof(actual));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)predicted, (uint)ClassCount, nameof(predicted));
            return _cells[(actual * ClassCount) + predicted];
        }
    }

    [JsonIgnore]
    public long Total => _cells.Sum();

    [JsonIgnore]
    public double Accuracy => Ratio(Classes.Sum(c => this[c, c]), Total);

    /// <summary>
    /// The mean of the classes' F1 = 2·TP / (2·TP + FP + FN), over the classes that occur as truth or as prediction.
    /// A class that does neither has no F1 and is left out, as scikit-learn's f1_score(average='macro') leaves it out
    /// when not given labels=; counting it as 0 would score a perfect model below 1 on a sample that lacks a class.
    /// 0 for the empty matrix.
    /// </summary>
    [JsonIgnore]
    public double MacroF1
    {
        get
        {
            var f1s = Classes
                .Select(c => (Correct: this[c, c], Actual: RowSum(c), Predicted: ColumnSum(c)))
                .Where(c => c.Actual + c.Predicted > 0)
                .Select(c => 2.0 * c.Correct / (c.Actual + c.Predicted)) // 2·TP + FP + FN = actual + predicted
                .ToArray();
            return f1s.Length == 0 ? 0 : f1s.Average();
        }
    }

    /// <summary>
    /// Matthews correlation coefficient for k classes (Gorodkin's R_K, as scikit-learn's matthews_corrcoef):
    /// (c·s − Σ p_k·t_k) / √((s² − Σ p_k²)·(s² − Σ t_k²)), with c examples right, s in all, and p_k predicted and
    /// t_k truly in class k. For k = 2 it is the binary MCC. 0 when the denominator is 0, that is when every example is
    /// in one class or every prediction is.
    /// </summary>
    [JsonIgnore]
    public double Mcc
    {
        get
        {
            // In doubles, as ConfusionCounts does: the squares of large counts overflow a long.
            double s = Total, c = Classes.Sum(k => this[k, k]);
            double pt = 0, pp = 0, tt = 0;
            foreach (var k in Classes)
            {
                double p = ColumnSum(k), t = RowSum(k);
                pt += p * t;
                pp += p * p;
                tt += t * t;
            }

            // Past 2^53 the squares round, which could tip a zero factor below 0 or the ratio past ±1.
            var denominator = Math.Sqrt(Math.Max(0, (s * s) - pp)) * Math.Sqrt(Math.Max(0, (s * s) - tt));
            return denominator == 0 ? 0 : Math.Clamp(((c * s) - pt) / denominator, -1, 1);
        }
    }

    private IEnumerable<int> Classes => Enumerable.Range(0, ClassCount);

    /// <summary>Builds the matrix from parallel arrays of predicted and true classes, each in 0 … classCount − 1.</summary>
    public static ClassConfusion From(IReadOnlyList<int> predicted, IReadOnlyList<int> actual, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 2);
        if (predicted.Count != actual.Count)
        {
            throw new ArgumentException($"{predicted.Count} predictions but {actual.Count} labels.", nameof(predicted));
        }

        var rows = Enumerable.Range(0, classCount).Select(_ => new long[classCount]).ToArray();
        for (var i = 0; i < predicted.Count; i++)
        {
            CheckClass(predicted, i, classCount, nameof(predicted));
            CheckClass(actual, i, classCount, nameof(actual));
            rows[actual[i]][predicted[i]]++;
        }

        return new ClassConfusion(rows);
    }

    public bool Equals(ClassConfusion? other) => other is not null && ClassCount == other.ClassCount && _cells.AsSpan().SequenceEqual(other._cells);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var cell in _cells)
        {
            hash.Add(cell);
        }

        return hash.ToHashCode();
    }

    private long RowSum(int actual) => Classes.Sum(p => this[actual, p]);

    private long ColumnSum(int predicted) => Classes.Sum(a => this[a, predicted]);

    private static void CheckClass(IReadOnlyList<int> labels, int index, int classCount, string name)
    {
        if (labels[index] < 0 || labels[index] >= classCount)
        {
            throw new ArgumentException($"{name}[{index}] is {labels[index]}; classes run from 0 to {classCount - 1}.", name);
        }
    }

    private static double Ratio(double numerator, double denominator) => denominator == 0 ? 0 : numerator / denominator;

    // The record's ToString shows the cells, not "System.Int64[][]".
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Rows = [").AppendJoin(", ", Rows.Select(row => $"[{string.Join(", ", row)}]")).Append(']');
        return true;
    }
}
