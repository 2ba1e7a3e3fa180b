using LabPortal.Shared.Metrics;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>How the experiment table words a row's test against the baseline: direction first, then the evidence.</summary>
public static class SignificanceText
{
    /// <summary>"worse · p 5.7e-6 * (110 / 189)": the direction, the p (starred below 0.05), the pairs only each side got right.</summary>
    public static string Of(McNemarTest test) =>
        $"{Direction(test)} · p {test.PValue:0.###e+0}{(test.PValue < 0.05 ? " *" : "")} ({test.OnlyFirstRight} / {test.OnlySecondRight})";

    /// <summary>"ACC +0.012 [+0.004, +0.020] p=0.003 * · F1 … · MCC …", starred where the 95 % interval excludes 0.</summary>
    public static string Of(PairedBootstrap bootstrap) =>
        $"ACC {Difference(bootstrap.Accuracy, bootstrap.Resamples)} · F1 {Difference(bootstrap.F1, bootstrap.Resamples)} · MCC {Difference(bootstrap.Mcc, bootstrap.Resamples)}";

    /// <summary>"ACC +0.012 [+0.004, +0.020] p=0.003 * · macro-F1 … · MCC …" for a row of a k-class task.</summary>
    public static string Of(ClassBootstrap bootstrap) =>
        $"ACC {Difference(bootstrap.Accuracy, bootstrap.Resamples)} · macro-F1 {Difference(bootstrap.MacroF1, bootstrap.Resamples)} · MCC {Difference(bootstrap.Mcc, bootstrap.Resamples)}";

    /// <summary>"Pearson +0.012 [+0.004, +0.020] p=0.003 * · Spearman …" for a regression row.</summary>
    public static string Of(RegressionBootstrap bootstrap) =>
        $"Pearson {Difference(bootstrap.Pearson, bootstrap.Resamples)} · Spearman {Difference(bootstrap.Spearman, bootstrap.Resamples)}";

    /// <summary>Which way the row differs from the baseline on the pairs only one of them got right.</summary>
    private static string Direction(McNemarTest test) =>
        test.OnlyFirstRight > test.OnlySecondRight ? "better" : test.OnlyFirstRight < test.OnlySecondRight ? "worse" : "level";

    /// <summary>A p below what the resamples can resolve is printed as that bound ("p<1e-4"), never as 0.</summary>
    private static string Difference(BootstrapDifference d, int resamples)
    {
        var p = d.PValue < 1.0 / resamples ? $"p<{1.0 / resamples:0.#e+0}" : $"p={d.PValue:0.###}";
        var excludesZero = d.Low > 0 || d.High < 0;
        return $"{Signed(d.Observed)} [{Signed(d.Low)}, {Signed(d.High)}] {p}{(excludesZero ? " *" : "")}";
    }

    /// <summary>A difference with its sign, three decimals and a true minus sign: "+0.012", "−0.099", "0.000".</summary>
    public static string Signed(double difference) =>
        difference.ToString("+0.000;−0.000;0.000", System.Globalization.CultureInfo.InvariantCulture);
}
