using LabPortal.Agent.Evaluation;
using LabPortal.Agent.Tokenization;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Metrics;
using TorchSharp;

namespace LabPortal.Agent.Tests.Evaluation;

public sealed class MatchingScoreTests
{
    private const int Cls = 101, Sep = 102;

    [Fact]
    public void Segments_are_found_between_the_separators_for_bert_and_roberta_layouts()
    {
        // [CLS] 7 8 [SEP] 9 [SEP]
        Assert.Equal((new Range(1, 3), new Range(4, 5)), PairSegments.Of([Cls, 7, 8, Sep, 9, Sep], Sep));
        // <s> 7 8 </s></s> 9 10 </s>
        Assert.Equal((new Range(1, 3), new Range(5, 7)), PairSegments.Of([0, 7, 8, 2, 2, 9, 10, 2], separatorId: 2));
    }

    [Fact]
    public void Density_is_the_jaccard_index_of_the_word_piece_type_sets()
    {
        // {5, 6, 7} and {6, 7, 8}: 2 shared of 4 distinct; repeats do not count.
        Assert.Equal(0.5, MatchFeatures.DensityOf([5, 6, 7, 7], [6, 7, 8]));
        Assert.Equal(0, MatchFeatures.DensityOf([], []));
    }

    [Fact]
    public void Length_balance_is_the_shorter_over_the_longer_segment()
    {
        Assert.Equal(0.25, MatchFeatures.LengthBalanceOf(2, 8));
        Assert.Equal(0, MatchFeatures.LengthBalanceOf(0, 0));
    }

    [Fact]
    public void Alignment_averages_best_cosine_matches_in_both_directions_and_clamps_to_zero()
    {
        // First: x and y axes; second: x axis only. x→x = 1, y→x = 0: mean 0.5 one way; x→x = 1 the other way.
        using var first = torch.tensor(new double[] { 1, 0, 0, 1 }, 2, 2);
        using var second = torch.tensor(new double[] { 3, 0 }, 1, 2);
        Assert.Equal(0.75, MatchFeatures.AlignmentOf(first, second), 12);

        using var opposite = torch.tensor(new double[] { -1, 0 }, 1, 2);
        using var onlyX = torch.tensor(new double[] { 1, 0 }, 1, 2);
        Assert.Equal(0, MatchFeatures.AlignmentOf(onlyX, opposite));
    }

    [Fact]
    public void The_matching_score_weighs_the_classifier_by_balance_and_density_and_adds_alignment()
    {
        var features = new MatchFeatures(Alignment: 0.8, Density: 0.5, LengthBalance: 1.0);

        // (0.3·1.0 + 0.7·0.5) · 0.9 + 0.1 · 0.8 = 0.585 + 0.08
        Assert.Equal(0.665, new DensityMatching(Gamma: 0.3, Delta: 0.1).Score(0.9, features), 12);
    }

    [Fact]
    public void The_threshold_is_the_score_that_maximises_f1()
    {
        double[] scores = [0.9, 0.8, 0.7, 0.4, 0.3, 0.2];
        bool[] labels = [true, true, false, true, false, false];

        // τ = 0.4 gives TP 3, FP 1, FN 0: F1 6/7, better than τ = 0.8 (TP 2, FN 1: F1 0.8).
        Assert.Equal(0.4, ThresholdSearch.BestF1Choice(scores, labels).Threshold);
    }

    [Fact]
    public void Tied_scores_are_decided_together()
    {
        // All three tie: the only thresholds are "all positive" (0.5) or none, so τ is 0.5.
        Assert.Equal(0.5, ThresholdSearch.BestF1Choice([0.5, 0.5, 0.5], [true, false, true]).Threshold);
    }

    [Fact]
    public void Gamma_and_delta_left_empty_are_chosen_on_the_held_out_pairs_with_tau()
    {
        // The classifier cannot tell these pairs apart (0.5 each); only density can (duplicates share every word-piece,
        // and are unbalanced in length). γ = 0 (density only) separates them perfectly, γ ≥ 0.5 cannot; the first
        // rule on the grid to reach the best F1 (γ 0, δ 0) wins.
        var held = Pairs(duplicates: 3, others: 3);
        var validation = Pairs(duplicates: 2, others: 4);

        var decision = DensityMatching.Decide(new MethodSpec { Kind = MethodKind.EnhancedLora, Gamma = null, Delta = null }, held, validation);

        Assert.Equal(new DensityMatching(Gamma: 0, Delta: 0), decision.Rule);
        Assert.Equal(new ConfusionCounts(2, 0, 4, 0), decision.Counts);
    }

    [Fact]
    public void Gamma_and_delta_given_in_the_spec_are_kept_even_where_another_rule_would_separate_better()
    {
        // γ = 1 reads length balance only, which ranks these duplicates below the others: the best F1 left is to call
        // every pair a duplicate.
        var method = new MethodSpec { Kind = MethodKind.EnhancedLora, Gamma = 1, Delta = 0.2 };

        var decision = DensityMatching.Decide(method, Pairs(duplicates: 3, others: 3), Pairs(duplicates: 2, others: 4));

        Assert.Equal(new DensityMatching(Gamma: 1, Delta: 0.2), decision.Rule);
        Assert.Equal(new ConfusionCounts(2, 4, 0, 0), decision.Counts);
    }

    [Fact]
    public void A_given_delta_is_kept_while_gamma_left_empty_is_chosen()
    {
        var decision = DensityMatching.Decide(new MethodSpec { Kind = MethodKind.EnhancedLora, Gamma = null, Delta = 0.5 }, Pairs(3, 3), Pairs(2, 4));

        Assert.Equal(new DensityMatching(Gamma: 0, Delta: 0.5), decision.Rule);
    }

    private static EvaluationResult Pairs(int duplicates, int others)
    {
        var duplicate = new MatchFeatures(Alignment: 0.5, Density: 1, LengthBalance: 0);
        var other = new MatchFeatures(Alignment: 0.5, Density: 0, LengthBalance: 1);
        var examples = Enumerable.Repeat(new ExampleScore(0.5, true, duplicate), duplicates)
            .Concat(Enumerable.Repeat(new ExampleScore(0.5, false, other), others))
            .ToList();
        return new EvaluationResult(ConfusionCounts.Empty, 0.7, examples);
    }
}
