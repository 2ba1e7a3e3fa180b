using LabPortal.Portal.Services.Experiments;
using LabPortal.Portal.Services;
using LabPortal.Shared.Metrics;

namespace LabPortal.Portal.Tests.Services;

public sealed class SignificanceTextTests
{
    [Theory]
    [InlineData(110, 189, "worse · p 5.739e-6 * (110 / 189)")]
    [InlineData(7, 1, "better · p 7.031e-2 (7 / 1)")]
    [InlineData(0, 0, "level · p 1e+0 (0 / 0)")]
    public void A_mcnemar_result_says_the_direction_before_the_p_value_and_stars_it_below_five_percent(int onlyThis, int onlyBaseline, string expected)
    {
        Assert.Equal(expected, SignificanceText.Of(new McNemarTest(onlyThis, onlyBaseline)));
    }

    [Fact]
    public void A_bootstrap_p_below_what_the_resamples_resolve_is_shown_as_a_bound_not_as_zero()
    {
        var clear = new BootstrapDifference(0.05, 0.03, 0.07, 0);
        var unclear = new BootstrapDifference(-0.01, -0.03, 0.01, 0.41);

        var text = SignificanceText.Of(new PairedBootstrap(500, 10_000, 1, clear, unclear, clear));

        Assert.Equal("ACC +0.050 [+0.030, +0.070] p<1e-4 * · F1 −0.010 [−0.030, +0.010] p=0.41 · MCC +0.050 [+0.030, +0.070] p<1e-4 *", text);
    }
}
