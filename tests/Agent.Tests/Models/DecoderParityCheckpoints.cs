using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Gpt2;
using LabPortal.Agent.Models.Llama;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models;

/// <summary>The decoder parity fixtures' checkpoints (tests/Agent.Tests/Models/DecoderParity/&lt;variant&gt;), loaded as pair classifiers.</summary>
internal static class DecoderParityCheckpoints
{
    public static string Folder(string variant) => Path.Combine(TestPaths.RepositoryRoot, "tests", "Agent.Tests", "Models", "DecoderParity", variant);

    /// <summary>The variant's model with its weights, a last-token head of two outputs seeded from 0; in train mode as created.</summary>
    public static PairClassifier Load(string variant)
    {
        var configPath = Path.Combine(Folder(variant), CheckpointFiles.Config);
        var config = HuggingFaceConfig.ReadObject(configPath);
        var weights = Path.Combine(Folder(variant), CheckpointFiles.Safetensors);
        IModelArchitecture checkpoint = variant == "gpt2"
            ? new Gpt2Checkpoint(Gpt2ConfigReader.Read(config, configPath), weights)
            : new LlamaCheckpoint(LlamaConfigReader.Read(config, configPath), weights);
        torch.manual_seed(0);
        var model = checkpoint.Create(PairHead.CrossLast, outputs: 2);
        checkpoint.LoadWeights(model);
        return model;
    }
}
