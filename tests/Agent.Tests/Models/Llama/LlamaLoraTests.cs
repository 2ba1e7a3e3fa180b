using System.Text.Json.Nodes;
using LabPortal.Agent.Adapters;
using LabPortal.Agent.Artifacts;
using LabPortal.Agent.Data;
using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Playground;
using LabPortal.Agent.Tests.Training;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Runs;
using TorchSharp;

namespace LabPortal.Agent.Tests.Models.Llama;

/// <summary>The paper's method, unchanged, on a tiny Llama-family checkpoint folder: LoRA with C1, C2 and C3, and PEFT adapters.</summary>
public sealed class LlamaLoraTests : IDisposable
{
    private static readonly string[] AllProjections = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static MethodSpec Enhanced => new() { Kind = MethodKind.EnhancedLora, Rank = 4, Alpha = 8, TargetModules = AllProjections };

    [Fact]
    public void Enhanced_lora_trains_a_llama_folder_from_a_spec_with_a_falling_loss_and_saves_a_peft_adapter()
    {
        var folder = Path.Combine(_temp.Path, "tiny-llama");
        SmallLlamaCheckpoint.Write(folder, new SmallLlamaCheckpoint.Options { DType = torch.ScalarType.BFloat16 });
        var adapter = AdapterRoundTrip.TrainEnhancedLora(_temp, folder, Enhanced);

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(adapter, PeftAdapterConfig.FileName)))!;
        Assert.Equal(AllProjections.Order(), config["target_modules"]!.AsArray().Select(t => t!.GetValue<string>()).Order());
        Assert.Equal(["score"], config["modules_to_save"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(8, config["r"]!.GetValue<int>()); // C2's adapter is saved converted to a plain LoRA of rank 2r
        var saved = SafetensorsFile.Read(Path.Combine(adapter, PeftAdapter.WeightsFileName));
        Assert.Contains("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight", saved.Tensors.Keys);
        Assert.Contains("base_model.model.score.weight", saved.Tensors.Keys);
        Assert.Equal(2 * 2 * AllProjections.Length + 1, saved.Tensors.Count); // A and B per projection per layer, and the head
        foreach (var tensor in saved.Tensors.Values)
        {
            tensor.Dispose();
        }
    }

    [Theory]
    [InlineData("llama", torch.ScalarType.Float32, false, false, 4)]
    [InlineData("qwen2", torch.ScalarType.BFloat16, true, true, 4)]
    // C2's adapter is saved as a plain LoRA of twice the rank: 16 here, wider than the 8 outputs of v_proj (GQA).
    [InlineData("llama", torch.ScalarType.Float32, false, true, 8)]
    public void A_saved_peft_adapter_loads_onto_the_base_checkpoint_with_identical_outputs(string modelType, torch.ScalarType dtype, bool sharded, bool decomposition, int rank)
    {
        var folder = Path.Combine(_temp.Path, modelType);
        SmallLlamaCheckpoint.Write(folder, new SmallLlamaCheckpoint.Options { ModelType = modelType, DType = dtype, Sharded = sharded });
        var method = Enhanced with { DecompositionInit = decomposition, Rank = rank };
        var adapterFolder = Path.Combine(_temp.Path, "adapter");

        var (trainedLogits, before, after, _) = AdapterRoundTrip.SaveAndReload(folder, method, adapterFolder);

        Assert.NotEqual(before, after);
        Assert.All(trainedLogits.Zip(after), pair => Assert.Equal(pair.First, pair.Second, 1e-5));
    }

    [Fact]
    public void The_playground_rebuilds_a_llama_run_from_its_zipped_adapter_and_scores_pairs_as_its_evaluator_did()
    {
        var folder = Path.Combine(_temp.Path, "tiny-llama");
        SmallLlamaCheckpoint.Write(folder);
        var (scores, evaluated) = AdapterRoundTrip.PlaygroundAndEvaluator(_temp, folder, Enhanced);

        Assert.Equal(6, scores.Count);
        Assert.All(scores.Zip(evaluated), s => Assert.Equal(s.Second, s.First, 1e-5));
    }
}
