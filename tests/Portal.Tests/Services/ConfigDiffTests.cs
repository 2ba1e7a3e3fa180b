using LabPortal.Portal.Services.Compare;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Tests.Services;

public sealed class ConfigDiffTests
{
    [Fact]
    public void Specs_flatten_to_dotted_paths_with_lists_of_plain_values_kept_whole()
    {
        var fields = SpecFlattener.Flatten(LabJson.Serialize(new ExperimentSpec())).ToDictionary(f => f.Key, f => f.Value);

        Assert.Equal("8", fields["method.rank"]);
        Assert.Equal("lora", fields["method.kind"]);
        Assert.Equal("[\"query\",\"value\"]", fields["method.targetModules"]);
        Assert.Equal("tiny", fields["model"]);
    }

    [Fact]
    public void Only_the_fields_that_differ_are_marked_as_differing()
    {
        var a = new ExperimentSpec { Seed = 1 };
        var b = a with { Seed = 2, Method = a.Method with { Rank = 16 } };

        var rows = ConfigDiff.Of([LabJson.Serialize(a), LabJson.Serialize(b), LabJson.Serialize(a)]);

        Assert.Equal(["method.rank", "seed"], rows.Where(r => r.Differs).Select(r => r.Path).Order());
        Assert.Equal(["8", "16", "8"], rows.Single(r => r.Path == "method.rank").Values);
        Assert.True(rows.Count > 10);
    }

    [Fact]
    public void A_field_only_one_spec_has_differs_and_shows_as_missing_in_the_other()
    {
        var rows = ConfigDiff.Of(["{\"model\":\"tiny\",\"extra\":{\"x\":1}}", "{\"model\":\"tiny\"}"]);

        var extra = Assert.Single(rows, r => r.Differs);
        Assert.Equal("extra.x", extra.Path);
        Assert.Equal(["1", null], extra.Values);
    }
}
