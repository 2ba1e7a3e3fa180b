using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Gpt2;
using LabPortal.Agent.Models.Llama;
using LabPortal.Agent.Models.T5;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models;

/// <summary>
/// The parity fixtures' checkpoints (tests/Agent.Tests/Models/DecoderParity/&lt;variant&gt;, and T5Parity/gated as
/// "t5-gated"), loaded as pair classifiers.
/// </summary>
internal static class ParityCheckpoints
{
    public static string Folder(string variant) => variant == "t5-gated"
        ? Path.Combine(TestPaths.RepositoryRoot, "tests", "Agent.Tests", "Models", "T5Parity", "gated")
        : Path.Combine(TestPaths.RepositoryRoot, "tests", "Agent.Tests", "Models", "DecoderParity", variant);

    /// <summary>
    /// The variant's model with its weights and a two-output head seeded from 0 (a decoder's last-token head, T5's
    /// default); in train mode as created.
    /// </summary>
    public static PairClassifier Load(string variant)
    {
        var configPath = Path.Combine(Folder(variant), CheckpointFiles.Config);
        var config = HuggingFaceConfig.ReadObject(configPath);
        var weights = Path.Combine(Folder(variant), CheckpointFiles.Safetensors);
        IModelArchitecture checkpoint = variant switch
        {
            "gpt2" => new Gpt2Checkpoint(Gpt2ConfigReader.Read(config, configPath), weights),
            "t5-gated" => new T5Checkpoint(T5ConfigReader.Read(config, configPath), weights),
            _ => new LlamaCheckpoint(LlamaConfigReader.Read(config, configPath), weights),
        };
        torch.manual_seed(0);
        var model = checkpoint.Create(variant == "t5-gated" ? T5ForPairClassification.DefaultHead : PairHead.CrossLast, outputs: 2);
        checkpoint.LoadWeights(model);
        return model;
    }
}
