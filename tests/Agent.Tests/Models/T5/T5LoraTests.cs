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

namespace LabPortal.Agent.Tests.Models.T5;

/// <summary>The paper's method, unchanged, on a tiny T5 checkpoint folder: LoRA with C1, C2 and C3, and PEFT adapters.</summary>
public sealed class T5LoraTests : IDisposable
{
    private static readonly string[] Targets = ["q", "k", "v", "o", "wi", "wo"];

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static MethodSpec Enhanced => new() { Kind = MethodKind.EnhancedLora, Rank = 4, Alpha = 8, TargetModules = Targets };

    [Theory]
    [InlineData(HeadKind.CrossEncoder)]
    [InlineData(HeadKind.BiEncoder)]
    public void Enhanced_lora_trains_a_t5_folder_from_a_spec_with_a_falling_loss_and_saves_a_peft_adapter(HeadKind head)
    {
        var folder = Path.Combine(_temp.Path, "tiny-t5");
        SmallT5Checkpoint.Write(folder, new SmallT5Checkpoint.Options { DType = torch.ScalarType.BFloat16, Full = true });
        var adapter = AdapterRoundTrip.TrainEnhancedLora(_temp, folder, Enhanced, new HeadSpec { Kind = head });

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(adapter, PeftAdapterConfig.FileName)))!;
        // "wi" adapts a gated block's wi_0 and wi_1; PEFT's names say so.
        Assert.Equal(["k", "o", "q", "v", "wi_0", "wi_1", "wo"], config["target_modules"]!.AsArray().Select(t => t!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(["classifier"], config["modules_to_save"]!.AsArray().Select(t => t!.GetValue<string>()));
        var saved = SafetensorsFile.Read(Path.Combine(adapter, PeftAdapter.WeightsFileName));
        Assert.Contains("base_model.model.transformer.encoder.block.1.layer.0.SelfAttention.q.lora_A.weight", saved.Tensors.Keys);
        Assert.Contains("base_model.model.transformer.encoder.block.0.layer.1.DenseReluDense.wi_0.lora_B.weight", saved.Tensors.Keys);
        Assert.Contains("base_model.model.classifier.weight", saved.Tensors.Keys);
        Assert.Equal((2 * 2 * 7) + 2, saved.Tensors.Count); // A and B per linear layer per block, and the head's weight and bias
        foreach (var tensor in saved.Tensors.Values)
        {
            tensor.Dispose();
        }
    }

    [Theory]
    [InlineData(torch.ScalarType.Float32, false, false, false)]
    [InlineData(torch.ScalarType.BFloat16, true, true, true)]
    [InlineData(torch.ScalarType.Float16, false, true, false)]
    public void A_saved_peft_adapter_loads_onto_the_base_t5_checkpoint_with_identical_outputs(torch.ScalarType dtype, bool sharded, bool gated, bool decomposition)
    {
        var folder = Path.Combine(_temp.Path, "t5");
        SmallT5Checkpoint.Write(folder, new SmallT5Checkpoint.Options { DType = dtype, Sharded = sharded, Gated = gated });
        var method = Enhanced with { DecompositionInit = decomposition, TargetModules = ["all-linear"] };
        var adapterFolder = Path.Combine(_temp.Path, "adapter");

        var (trainedLogits, before, after, _) = AdapterRoundTrip.SaveAndReload(folder, method, adapterFolder);

        Assert.NotEqual(before, after);
        Assert.All(trainedLogits.Zip(after), pair => Assert.Equal(pair.First, pair.Second, 1e-5));
    }

    [Fact]
    public void The_playground_rebuilds_a_t5_run_from_its_zipped_adapter_and_scores_pairs_as_its_evaluator_did()
    {
        var folder = Path.Combine(_temp.Path, "tiny-t5");
        SmallT5Checkpoint.Write(folder);
        var (scores, evaluated) = AdapterRoundTrip.PlaygroundAndEvaluator(_temp, folder, Enhanced);

        Assert.Equal(6, scores.Count);
        Assert.All(scores.Zip(evaluated), s => Assert.Equal(s.Second, s.First, 1e-5));
    }
}
