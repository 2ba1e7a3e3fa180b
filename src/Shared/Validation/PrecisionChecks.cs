using LabPortal.Shared.Experiments;

namespace LabPortal.Shared.Validation;

/// <summary>The checks of training.precision and training.gradientCheckpointing against the method and the device.</summary>
internal static class PrecisionChecks
{
    public const string PrecisionField = "training.precision";
    public const string CheckpointingField = "training.gradientCheckpointing";

    /// <summary>What the spec alone decides: which methods each option means something for.</summary>
    public static void Check(ExperimentSpec spec, Action<string, string> fail)
    {
        var training = spec.Training;
        if (!Enum.IsDefined(training.Precision))
        {
            fail(PrecisionField, $"Unknown precision {(int)training.Precision}; choose auto, fp32, bf16-frozen or bf16.");
        }
        else if (training.Precision == PrecisionKind.Bf16Frozen && spec.Method.Kind == MethodKind.Full)
        {
            fail(PrecisionField, "bf16-frozen keeps only frozen weights in bfloat16, and full fine-tuning freezes none: choose fp32 (or bf16 on a CUDA agent), or a method that freezes the base model (LoRA, enhanced LoRA, head-only).");
        }

        if (training.GradientCheckpointing && spec.Method.Kind is MethodKind.HeadOnly or MethodKind.ZeroShot)
        {
            fail(CheckpointingField, $"Gradient checkpointing recomputes the encoder's layers during the backward pass; {(spec.Method.Kind == MethodKind.HeadOnly ? "head-only trains on features the frozen encoder computed once" : "zero-shot trains nothing")}, so there is nothing to recompute. Turn it off.");
        }
    }

    /// <summary>bf16 trains weights in bfloat16, which only a CUDA agent does; the request's required device says where it runs.</summary>
    public static void CheckDevice(ExperimentRequest request, Action<string, string> fail)
    {
        if (request.Spec.Training.Precision == PrecisionKind.Bf16 && request.RequiredDevice != DeviceRequirement.Cuda)
        {
            fail("spec." + PrecisionField, "bf16 keeps the trained weights and the optimiser's inputs in bfloat16, which the lab runs only on CUDA: set the required device to cuda, or choose bf16-frozen (a CPU with AVX512-BF16 runs it) or fp32.");
        }
    }
}
