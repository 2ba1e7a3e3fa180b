using LabPortal.Agent.Models;
using LabPortal.Shared.Experiments;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// Puts a model's weights in the number format training.precision names, after <see cref="MethodSetup"/> has chosen
/// what trains. bf16-frozen converts the frozen linear and embedding layers — nearly all the bytes, and all the large
/// matmuls — to bfloat16; they are never updated, so they need no fp32 master copy. The LoRA factors, the head and so
/// the optimiser state stay fp32, and LayerNorm/RMSNorm weights stay fp32 too: they are a few kilobytes, and the norms
/// compute their statistics in fp32 anyway (<see cref="MixedPrecision"/>). Frozen is decided by the model's structure,
/// not by requires_grad, so a run rebuilt for scoring converts exactly the layers its training run converted.
/// </summary>
public static class PrecisionSetup
{
    public static void Apply(PairClassifier model, PrecisionKind precision)
    {
        switch (precision)
        {
            case PrecisionKind.Fp32:
                return;
            case PrecisionKind.Bf16:
                model.to(ScalarType.BFloat16);
                return;
            case PrecisionKind.Bf16Frozen:
                foreach (var (name, layer) in model.named_modules().Where(m => m.module is Linear or Embedding).ToList())
                {
                    if (!IsTrainedPart(model, name))
                    {
                        layer.to(ScalarType.BFloat16);
                    }
                }

                return;
            case PrecisionKind.Auto:
                throw new ArgumentException("training.precision auto is resolved by the trainer (PrecisionDefaults) before a model is set up.", nameof(precision));
            default:
                throw new ArgumentOutOfRangeException(nameof(precision), precision, "Unknown precision.");
        }
    }

    /// <summary>
    /// The agent's side of training.precision's device rule: bf16 trains weights in bfloat16, which the lab supports
    /// only on CUDA. A spec alone cannot know where it runs (its request's required device may be "any").
    /// </summary>
    public static void RequireSupportedDevice(PrecisionKind precision, Device device)
    {
        if (precision == PrecisionKind.Bf16 && device.type != DeviceType.CUDA)
        {
            throw new InvalidOperationException(
                $"training.precision bf16 trains the weights in bfloat16, which runs only on a CUDA agent; this agent trains on {device.type.ToString().ToLowerInvariant()}. Choose bf16-frozen or fp32, or require a cuda device.");
        }
    }

    /// <summary>A LoRA factor (lora_A, lora_B) or a module of the trained head.</summary>
    private static bool IsTrainedPart(PairClassifier model, string modulePath) =>
        modulePath.EndsWith(".lora_A", StringComparison.Ordinal)
        || modulePath.EndsWith(".lora_B", StringComparison.Ordinal)
        || model.HeadPrefixes.Any(prefix => (modulePath + ".").StartsWith(prefix, StringComparison.Ordinal));
}
