namespace LabPortal.Shared.Metrics;

/// <summary>
/// McNemar's exact test on paired decisions: of the examples exactly one of two models got right, is the split
/// further from even than chance would make it? Two-sided, by the binomial distribution with p = ½.
/// </summary>
/// <param name="OnlyFirstRight">Examples the first model got right and the second wrong.</param>
/// <param name="OnlySecondRight">Examples the second model got right and the first wrong.</param>
public sealed record McNemarTest(int OnlyFirstRight, int OnlySecondRight)
{
    public static McNemarTest Of(IReadOnlyList<bool> firstCorrect, IReadOnlyList<bool> secondCorrect)
    {
        if (firstCorrect.Count != secondCorrect.Count)
        {
            throw new ArgumentException($"The two models were scored on {firstCorrect.Count} and {secondCorrect.Count} examples; pairs need the same examples.");
        }

        var onlyFirst = firstCorrect.Zip(secondCorrect).Count(p => p.First && !p.Second);
        var onlySecond = firstCorrect.Zip(secondCorrect).Count(p => p.Second && !p.First);
        return new McNemarTest(onlyFirst, onlySecond);
    }

    /// <summary>Pools tests over independent pairings (for example one per seed) by adding their discordant counts.</summary>
    public McNemarTest Plus(McNemarTest other) => new(OnlyFirstRight + other.OnlyFirstRight, OnlySecondRight + other.OnlySecondRight);

    /// <summary>Two-sided exact p-value; 1 when the models never disagree.</summary>
    public double PValue
    {
        get
        {
            var n = OnlyFirstRight + OnlySecondRight;
            if (n == 0)
            {
                return 1;
            }

            // P(X ≤ min) for X ~ Binomial(n, ½), summed in log space so large n does not overflow.
            var smaller = Math.Min(OnlyFirstRight, OnlySecondRight);
            var logHalfToN = -n * Math.Log(2);
            var tail = 0.0;
            for (var k = 0; k <= smaller; k++)
            {
                tail += Math.Exp(LogChoose(n, k) + logHalfToN);
            }

            return Math.Min(1, 2 * tail);
        }
    }

    private static double LogChoose(int n, int k)
    {
        double sum = 0;
        for (var i = 1; i <= k; i++)
        {
            sum += Math.Log(n - k + i) - Math.Log(i);
        }

        return sum;
    }
}
