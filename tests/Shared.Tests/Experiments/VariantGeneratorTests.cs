using LabPortal.Shared.Experiments;

namespace LabPortal.Shared.Tests.Experiments;

public sealed class VariantGeneratorTests
{
    private static readonly ExperimentSpec Base = new()
    {
        Model = "minilm",
        Method = new MethodSpec { Kind = MethodKind.Lora, Rank = 4, LrScaleA = 1, LrScaleB = 16, Gamma = 0.3, Delta = 0.2 },
    };

    [Fact]
    public void The_paper_ablation_gives_the_four_rows_of_table_2_with_their_parts_switched_as_the_doc_says()
    {
        var rows = VariantGenerator.Expand(Base, PresetKind.PaperAblation, [], []);

        Assert.Equal(
            [
                (VariantGenerator.Ours, MethodKind.EnhancedLora, true, true, true),
                (VariantGenerator.WithoutAdaptiveRates, MethodKind.EnhancedLora, false, true, true),
                (VariantGenerator.WithoutLowRankInit, MethodKind.EnhancedLora, true, false, true),
                (VariantGenerator.PlainLora, MethodKind.Lora, true, true, true),
            ],
            rows.Select(r => (r.Variant, r.Spec.Method.Kind, r.Spec.Method.AdaptiveLearningRates, r.Spec.Method.DecompositionInit, r.Spec.Method.DensityMatching)));
        // Everything else is shared, so the rows differ only in what they test.
        Assert.All(rows, r => Assert.Equal((4, 0.3, 0.2, "minilm"), (r.Spec.Method.Rank, r.Spec.Method.Gamma, r.Spec.Method.Delta, r.Spec.Model)));
    }

    [Fact]
    public void The_method_comparison_covers_the_two_baselines_that_train_nothing_full_lora_and_ours()
    {
        var rows = VariantGenerator.Expand(Base, PresetKind.MethodComparison, [], []);

        Assert.Equal(
            [MethodKind.ZeroShot, MethodKind.HeadOnly, MethodKind.Full, MethodKind.Lora, MethodKind.EnhancedLora],
            rows.Select(r => r.Spec.Method.Kind));
    }

    [Fact]
    public void The_paper_table_runs_eight_rows_each_at_its_own_methods_tuned_learning_rate()
    {
        var spec = Base with { Training = Base.Training with { LearningRate = null } };

        var rows = VariantGenerator.Expand(spec, PresetKind.PaperTable, [], []);

        Assert.Equal(
            [VariantGenerator.ZeroShot, VariantGenerator.HeadOnly, VariantGenerator.Ours, VariantGenerator.WithoutAdaptiveRates,
             VariantGenerator.WithoutLowRankInit, VariantGenerator.WithoutMatchingScore, VariantGenerator.PlainLora, VariantGenerator.FullFineTuning],
            rows.Select(r => r.Variant));
        Assert.All(rows, r => Assert.Equal(TunedDefaults.LearningRate(r.Spec.Method.Kind), r.Spec.Training.LearningRate));
        Assert.Equal(TunedDefaults.FullLearningRate, rows[^1].Spec.Training.LearningRate);
        Assert.False(rows[5].Spec.Method.DensityMatching);
        Assert.Equal(8, VariantGenerator.Count(PresetKind.PaperTable, 0));
    }

    [Fact]
    public void A_learning_rate_the_spec_gives_is_kept_for_every_row()
    {
        var rows = VariantGenerator.Expand(Base with { Training = Base.Training with { LearningRate = 3e-4 } }, PresetKind.MethodComparison, [], []);

        Assert.All(rows, r => Assert.Equal(3e-4, r.Spec.Training.LearningRate));
    }

    [Fact]
    public void An_alpha_beta_sweep_runs_every_pair_of_the_grid()
    {
        var rows = VariantGenerator.Expand(Base, PresetKind.AlphaBetaSweep, [0.5, 1], [4, 16]);

        Assert.Equal(
            [(0.5, 4.0), (0.5, 16.0), (1.0, 4.0), (1.0, 16.0)],
            rows.Select(r => (r.Spec.Method.LrScaleA, r.Spec.Method.LrScaleB)));
        Assert.Equal("α = 0.5, β = 16", rows[1].Variant);
        Assert.All(rows, r => Assert.Equal(MethodKind.EnhancedLora, r.Spec.Method.Kind));
    }

    [Fact]
    public void A_request_with_a_preset_runs_each_variant_once_per_seed()
    {
        var request = new ExperimentRequest { Spec = Base, Preset = PresetKind.PaperAblation, Seeds = [1, 2, 3] };

        var runs = request.ExpandRuns();

        Assert.Equal(12, runs.Count);
        Assert.Equal([1, 2, 3], runs.Where(r => r.Variant == VariantGenerator.PlainLora).Select(r => r.Spec.Seed));
    }

    [Fact]
    public void A_single_spec_is_named_by_its_method_and_parts()
    {
        var method = Base.Method with { Kind = MethodKind.EnhancedLora, AdaptiveLearningRates = true, DecompositionInit = false, DensityMatching = true };

        Assert.Equal("enhanced LoRA (C1 −C2 C3)", VariantGenerator.Describe(method));
    }
}
