using System.Globalization;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>Mean and sample standard deviation (n − 1) of a metric over a variant's seeds.</summary>
public sealed record MeanAndSpread(double Mean, double? StandardDeviation, int Count)
{
    public static MeanAndSpread? Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var mean = values.Average();
        double? std = values.Count < 2 ? null : Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        return new MeanAndSpread(mean, std, values.Count);
    }

    /// <summary>"0.873 ± 0.012", or just the mean when one seed gives no spread.</summary>
    public override string ToString() => StandardDeviation is { } std
        ? string.Create(CultureInfo.InvariantCulture, $"{Mean:0.000} ± {std:0.000}")
        : Mean.ToString("0.000", CultureInfo.InvariantCulture);
}
