using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Verification;

/// <summary>
/// Element-wise differences of two (B, T, C) hidden-state arrays over the real tokens only: padded positions are
/// excluded, since implementations may fill them differently (ONNX masks with -10000, ours with the dtype minimum).
/// </summary>
public sealed record HiddenStateComparison(double MaxAbsDiff, double SumAbsDiff, long Count)
{
    public static HiddenStateComparison Empty { get; } = new(0, 0, 0);

    public double MeanAbsDiff => Count == 0 ? 0 : SumAbsDiff / Count;

    public static HiddenStateComparison Of(float[] ours, float[] reference, PaddedBatch batch)
    {
        if (ours.Length != reference.Length || ours.Length % (batch.BatchSize * batch.Length) != 0)
        {
            throw new ArgumentException($"Hidden states of {ours.Length} and {reference.Length} values do not both fit a {batch.BatchSize} × {batch.Length} batch.");
        }

        var width = ours.Length / (batch.BatchSize * batch.Length);
        double max = 0, sum = 0;
        long count = 0;
        for (var position = 0; position < batch.AttentionMask.Length; position++)
        {
            if (batch.AttentionMask[position] == 0)
            {
                continue;
            }

            for (var c = position * width; c < (position + 1) * width; c++)
            {
                var difference = Math.Abs((double)ours[c] - reference[c]);
                max = Math.Max(max, double.IsNaN(difference) ? double.PositiveInfinity : difference);
                sum += difference;
                count++;
            }
        }

        return new HiddenStateComparison(max, sum, count);
    }

    public HiddenStateComparison Add(HiddenStateComparison other) =>
        new(Math.Max(MaxAbsDiff, other.MaxAbsDiff), SumAbsDiff + other.SumAbsDiff, Count + other.Count);
}
