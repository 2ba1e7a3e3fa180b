using System.Security.Cryptography;
using LabPortal.Portal.Services;
using LabPortal.Portal.Services.Datasets;
using LabPortal.Portal.Storage;
using LabPortal.Portal.Tests.Support;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Tests.Services;

/// <summary>The registry over a real LiteDB file and a temporary data root with real files.</summary>
public sealed class DatasetRegistryTests : IDisposable
{
    private readonly TestLab _lab = new();
    private readonly string _root = Directory.CreateTempSubdirectory("labportal-root-").FullName;
    private readonly string _outside = Directory.CreateTempSubdirectory("labportal-outside-").FullName;
    private readonly DatasetRegistry _registry;

    public DatasetRegistryTests()
    {
        Directory.CreateDirectory(Path.Combine(_root, "pairs"));
        File.WriteAllText(Path.Combine(_root, "pairs", "train.csv"), "a,b,same\nhi,hello,1\nup,down,0\n");
        File.WriteAllText(Path.Combine(_root, "pairs", "dev.csv"), "a,b,same\nyes,yeah,1\n");
        File.WriteAllText(Path.Combine(_outside, "secret.csv"), "a,b,same\nx,y,1\n");
        var root = new DataRoot(_root);
        _registry = new DatasetRegistry(_lab.Datasets, root, new PortalDatasetFiles(root), _lab.Clock);
    }

    public void Dispose()
    {
        _lab.Dispose();
        Directory.Delete(_root, recursive: true);
        Directory.Delete(_outside, recursive: true);
    }

    [Fact]
    public void A_registered_dataset_keeps_its_files_sha256_and_example_counts()
    {
        var result = _registry.Register(Custom("pairs", "pairs/train.csv", "pairs/dev.csv"), "ada");

        Assert.Empty(result.Errors);
        var stored = Assert.Single(_lab.Datasets.List());
        Assert.Equal(("pairs", "pairs/train.csv", "pairs/dev.csv", "ada"), (stored.Name, stored.TrainFile, stored.ValidationFile, stored.RegisteredBy));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(_root, "pairs", "train.csv")))), stored.TrainSha256);
        Assert.Equal(64, stored.ValidationSha256.Length);
        Assert.NotEqual(stored.TrainSha256, stored.ValidationSha256);
        Assert.Equal((2, 1), (stored.TrainExamples, stored.ValidationExamples));
        Assert.Equal(("a", "b", "same"), (stored.TextAColumn, stored.TextBColumn, stored.LabelColumn));
    }

    [Fact]
    public void A_single_text_custom_dataset_keeps_its_class_names_and_gives_them_back_to_the_form()
    {
        Directory.CreateDirectory(Path.Combine(_root, "reviews"));
        File.WriteAllText(Path.Combine(_root, "reviews", "train.csv"), "text,stars\nGreat food,good\nCold soup,bad\nFine,ok\n");
        File.WriteAllText(Path.Combine(_root, "reviews", "dev.csv"), "text,stars\nLovely,good\n");
        var registration = Custom("reviews", "reviews/train.csv", "reviews/dev.csv");

        var result = _registry.Register(registration with
        {
            Dataset = registration.Dataset with { TextAColumn = "text", TextBColumn = "", LabelColumn = "stars", LabelNames = ["bad", "ok", "good"] },
        }, "ada");

        Assert.Empty(result.Errors);
        var spec = Assert.Single(_lab.Datasets.List()).ToSpec();
        Assert.Equal(("text", "", "stars", false), (spec.TextAColumn, spec.TextBColumn, spec.LabelColumn, spec.Regression));
        Assert.Equal(["bad", "ok", "good"], spec.LabelNames);
    }

    [Fact]
    public void A_custom_dataset_with_a_single_class_name_is_refused_on_the_label_names()
    {
        var registration = Custom("one name", "pairs/train.csv", "pairs/dev.csv");

        var result = _registry.Register(registration with { Dataset = registration.Dataset with { LabelNames = ["same"] } }, "ada");

        Assert.Equal("dataset.labelNames", Assert.Single(result.Errors).Field);
        Assert.Empty(_lab.Datasets.List());
    }

    [Theory]
    [InlineData("../labportal-outside/secret.csv", "climbs out with '..'")]
    [InlineData("pairs/../../secret.csv", "climbs out with '..'")]
    [InlineData("pairs\\..\\..\\secret.csv", "climbs out with '..'")]
    public void A_path_that_climbs_out_of_the_data_root_is_refused_and_nothing_is_stored(string path, string message)
    {
        var result = _registry.Register(Custom("escape", path, "pairs/dev.csv"), "ada");

        var error = Assert.Single(result.Errors);
        Assert.Equal("dataset.trainFile", error.Field);
        Assert.Contains(message, error.Message);
        Assert.Empty(_lab.Datasets.List());
    }

    [Fact]
    public void An_absolute_path_outside_the_data_root_is_refused_with_the_root_named()
    {
        var result = _registry.Register(Custom("outside", Path.Combine(_outside, "secret.csv"), "pairs/dev.csv"), "ada");

        var error = Assert.Single(result.Errors);
        Assert.Equal("dataset.trainFile", error.Field);
        Assert.Contains($"is outside the data root ({_root})", error.Message);
    }

    [Fact]
    public void An_absolute_path_inside_the_data_root_is_stored_relative_to_it()
    {
        var result = _registry.Register(Custom("absolute", Path.Combine(_root, "pairs", "train.csv"), "pairs/dev.csv"), "ada");

        Assert.Equal("pairs/train.csv", result.Dataset?.TrainFile);
    }

    [Fact]
    public void A_missing_file_and_missing_columns_are_each_named()
    {
        var custom = Custom("broken", "pairs/nowhere.csv", "pairs/dev.csv");
        var registration = custom with { Dataset = custom.Dataset with { LabelColumn = " " } };

        var errors = _registry.Register(registration, "ada").Errors;

        Assert.Equal(["dataset.labelColumn", "dataset.trainFile"], errors.Select(e => e.Field).Order());
        Assert.Contains("'pairs/nowhere.csv' does not exist", errors.Single(e => e.Field == "dataset.trainFile").Message);
    }

    [Fact]
    public void A_name_taken_in_any_case_is_refused()
    {
        _registry.Register(Custom("Pairs", "pairs/train.csv", "pairs/dev.csv"), "ada");

        var error = Assert.Single(_registry.Register(Custom(" pairs ", "pairs/train.csv", "pairs/dev.csv"), "bob").Errors);

        Assert.Equal(("name", "A dataset named 'pairs' is registered already."), (error.Field, error.Message));
        Assert.Single(_lab.Datasets.List());
    }

    [Fact]
    public void The_demo_is_registered_once_when_its_files_are_under_the_root()
    {
        var repository = new DataRoot(RepositoryPaths.Root);
        var registry = new DatasetRegistry(_lab.Datasets, repository, new PortalDatasetFiles(repository), _lab.Clock);

        var first = registry.EnsureDemo();
        var second = registry.EnsureDemo();

        Assert.Equal(("demo", TaskKind.Qqp, "data/demo/train.tsv", "data/demo/dev.tsv"), (first?.Name, first?.Task, first?.TrainFile, first?.ValidationFile));
        Assert.Equal(first?.Id, second?.Id);
        Assert.Single(_lab.Datasets.List());
    }

    private static DatasetRegistration Custom(string name, string train, string validation) => new()
    {
        Name = name,
        Dataset = new DatasetSpec
        {
            Task = TaskKind.Custom, Format = DatasetFormat.Csv, TrainFile = train, ValidationFile = validation,
            TextAColumn = "a", TextBColumn = "b", LabelColumn = "same",
        },
    };
}
