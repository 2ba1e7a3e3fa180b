using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;

namespace LabPortal.Shared.Tests.Experiments;

public sealed class SeedRepeatTests
{
    private static readonly ExperimentSpec Spec = new()
    {
        Seed = 42,
        Method = new MethodSpec { Kind = MethodKind.Lora, Rank = 4 },
        Dataset = new DatasetSpec { TrainFile = "demo/train.tsv", ValidationFile = "demo/dev.tsv" },
    };

    [Fact]
    public void A_seed_repeat_runs_the_spec_as_given_on_n_seeds_counted_up_from_its_seed()
    {
        var request = new ExperimentRequest { Name = "repeat", Spec = Spec, Preset = PresetKind.SeedRepeat, SeedRepeats = 4 };

        var runs = request.ExpandRuns();

        Assert.Equal([42, 43, 44, 45], runs.Select(r => r.Spec.Seed));
        // As given, with only the empty learning rate filled in with the method's tuned default.
        Assert.All(runs, r => Assert.Equal(TunedDefaults.Resolve(Spec) with { Seed = r.Spec.Seed }, r.Spec));
        Assert.All(runs, r => Assert.Equal(VariantGenerator.PlainLora, r.Variant));
    }

    [Fact]
    public void The_one_seed_given_is_where_a_seed_repeat_starts()
    {
        var request = new ExperimentRequest { Spec = Spec, Preset = PresetKind.SeedRepeat, Seeds = [7], SeedRepeats = 3 };

        Assert.Equal([7, 8, 9], request.RunSeeds());
    }

    [Fact]
    public void The_preset_reads_and_writes_as_seed_repeat_in_json()
    {
        var request = LabJson.Deserialize<ExperimentRequest>("""{"name":"r","preset":"seed-repeat","seedRepeats":3}""");

        Assert.Equal(PresetKind.SeedRepeat, request.Preset);
        Assert.Equal(3, request.ExpandRuns().Count);
        Assert.Contains("\"seed-repeat\"", LabJson.Serialize(request));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    public void A_seed_repeat_of_fewer_than_two_or_more_than_fifty_seeds_is_refused_on_the_count(int count)
    {
        var request = new ExperimentRequest { Name = "r", Spec = Spec, Preset = PresetKind.SeedRepeat, SeedRepeats = count };

        var error = Assert.Single(SpecValidator.Validate(request, files: null));

        Assert.Equal(("seedRepeats", $"A seed repeat runs 2 to 50 seeds ({count} given)."), (error.Field, error.Message));
    }

    [Fact]
    public void A_seed_repeat_given_several_seeds_asks_for_one_base_seed()
    {
        var request = new ExperimentRequest { Name = "r", Spec = Spec, Preset = PresetKind.SeedRepeat, Seeds = [1, 2] };

        var error = Assert.Single(SpecValidator.Validate(request, files: null));

        Assert.Equal("seeds", error.Field);
        Assert.Contains("one base seed", error.Message);
    }

    [Fact]
    public void A_seed_repeat_that_would_count_past_the_largest_seed_is_refused()
    {
        var request = new ExperimentRequest { Name = "r", Spec = Spec, Preset = PresetKind.SeedRepeat, Seeds = [int.MaxValue - 1], SeedRepeats = 3 };

        Assert.Contains(SpecValidator.Validate(request, files: null), e => e.Field == "seeds" && e.Message.Contains("largest seed"));
    }
}
