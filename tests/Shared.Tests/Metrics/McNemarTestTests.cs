using LabPortal.Shared.Metrics;

namespace LabPortal.Shared.Tests.Metrics;

public sealed class McNemarTestTests
{
    [Fact]
    public void The_exact_p_value_matches_the_binomial_tail_by_hand()
    {
        // 8 discordant pairs split 1 / 7: P(X ≤ 1) = (1 + 8) / 256, two-sided 18 / 256.
        Assert.Equal(18.0 / 256, new McNemarTest(1, 7).PValue, 12);
    }

    [Fact]
    public void An_even_split_is_not_significant()
    {
        Assert.Equal(1, new McNemarTest(5, 5).PValue, 12);
    }

    [Fact]
    public void Models_that_never_disagree_give_p_one()
    {
        Assert.Equal(1, new McNemarTest(0, 0).PValue);
    }

    [Fact]
    public void A_large_lopsided_split_is_tiny_but_not_zero_or_nan()
    {
        var p = new McNemarTest(136, 303).PValue;

        Assert.InRange(p, 1e-300, 1e-10);
    }

    [Fact]
    public void Counts_come_from_paired_correctness_and_pool_over_seeds()
    {
        var seed1 = McNemarTest.Of([true, true, false, false], [true, false, true, false]);
        var seed2 = McNemarTest.Of([true, false], [false, false]);

        Assert.Equal(new McNemarTest(2, 1), seed1.Plus(seed2));
    }

    [Fact]
    public void Decisions_on_different_examples_cannot_be_paired()
    {
        Assert.Throws<ArgumentException>(() => McNemarTest.Of([true], [true, false]));
    }
}
