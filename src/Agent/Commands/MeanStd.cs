namespace LabPortal.Agent.Commands;

/// <summary>A mean and its sample standard deviation (n − 1), as papers report seeds.</summary>
public sealed record MeanStd(double Mean, double Std)
{
    public static MeanStd Of(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            throw new ArgumentException($"A sample standard deviation needs at least two values ({values.Count} given).", nameof(values));
        }

        var mean = values.Average();
        return new MeanStd(mean, Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)));
    }
}
