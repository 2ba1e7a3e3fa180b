using LabPortal.Agent.Data;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Tests.Models.Llama;
using LabPortal.Agent.Tests.Models.T5;
using LabPortal.Agent.Tests.Training;
using LabPortal.Agent.Training;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Checkpoints;

public sealed class CheckpointCatalogueTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void A_checkpoint_folder_is_found_relative_to_the_data_root()
    {
        using (SmallCheckpoints.WriteBert(Path.Combine(_temp.Path, "models", "small-bert")))
        {
        }

        var catalogue = ModelCatalogue.Default.WithDataRoot(new DataRoot(_temp.Path));
        using var loaded = catalogue.Create("models/small-bert", seed: 3, torch.CPU);

        Assert.Equal(Path.Combine(_temp.Path, "models", "small-bert"), loaded.Entry.Name);
        Assert.Equal(2, loaded.Bert.Config.NumHiddenLayers);
        Assert.Equal("tiny", catalogue.Find("tiny").Name); // catalogue names still come first
    }

    [Fact]
    public void An_agent_offers_every_checkpoint_folder_under_models_by_its_path_with_the_shape_the_memory_estimate_needs()
    {
        var models = Path.Combine(_temp.Path, "models");
        using (SmallCheckpoints.WriteBert(Path.Combine(models, "small-bert")))
        {
        }

        SmallLlamaCheckpoint.Write(Path.Combine(models, "llama"));
        SmallT5Checkpoint.Write(Path.Combine(models, "t5"));
        Directory.CreateDirectory(Path.Combine(models, "notes")); // no config.json: not a checkpoint
        Directory.CreateDirectory(Path.Combine(models, "broken"));
        File.WriteAllText(Path.Combine(models, "broken", "config.json"), "{ \"model_type\": \"llama\" ");
        var skipped = new List<(string Name, Exception Error)>();

        var infos = new ModelCatalogue([TinyModel.Entry]).WithDataRoot(new DataRoot(_temp.Path)).Describe((name, error) => skipped.Add((name, error)));

        Assert.Equal(["tiny", "models/llama", "models/small-bert", "models/t5"], infos.Select(i => i.Name));
        Assert.Equal(["llama", "bert", "t5"], infos.Skip(1).Select(i => i.Family));
        Assert.All(infos, i => Assert.True(i.HasMemoryShape, $"{i.Name} has no shape for the memory estimate"));
        var (name, error) = Assert.Single(skipped);
        Assert.Equal("models/broken", name);
        Assert.Contains(Path.Combine(models, "broken"), error.Message);
    }

    [Fact]
    public void A_missing_folder_path_is_reported_as_a_missing_folder_not_an_unknown_model()
    {
        var catalogue = ModelCatalogue.Default.WithDataRoot(new DataRoot(_temp.Path));

        var error = Assert.Throws<CheckpointException>(() => catalogue.Create("models/absent", seed: 3, torch.CPU));

        Assert.Contains(Path.Combine(_temp.Path, "models", "absent"), error.Message);
    }

    [Theory]
    [InlineData("bert")]
    [InlineData("roberta")]
    public void The_trainer_fine_tunes_a_checkpoint_folder_for_one_short_epoch(string family)
    {
        var folder = Path.Combine(_temp.Path, "models", family);
        using (family == "bert" ? SmallCheckpoints.WriteBert(folder) : SmallCheckpoints.WriteRoberta(folder))
        {
        }

        var quick = TrainingFixture.QuickSpec();
        var spec = quick with { Model = $"models/{family}", Training = quick.Training with { Epochs = 1 } };
        var trainer = new Trainer(ModelCatalogue.Default.WithDataRoot(new DataRoot(_temp.Path)), TimeProvider.System);

        var result = trainer.Train(TrainingFixture.Job(_temp, spec), null, CancellationToken.None);

        Assert.Equal(13, result.Steps); // ceil(200 / 16)
        Assert.Equal(100, result.Evaluation.Total);
        Assert.True(result.EvaluationLoss is { } loss && double.IsFinite(loss), $"evaluation loss {result.EvaluationLoss}");
    }
}
