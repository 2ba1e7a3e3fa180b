namespace LabPortal.Shared.Experiments;

/// <summary>
/// What training.precision "auto" becomes on an agent, chosen by measurement (bench/README.md, "Half-precision frozen
/// weights"): on the development CPU (AVX512-BF16), bf16-frozen took 0.55–0.59× the fp32 LoRA step with the same
/// held-out accuracy in two seeds, so LoRA and enhanced LoRA get it on CPUs with bfloat16 dot products and on CUDA (not
/// measured). Everything else stays fp32: full fine-tuning freezes nothing, and head-only, zero-shot and CPUs without
/// bf16 dot products were not measured.
/// </summary>
public static class PrecisionDefaults
{
    public static PrecisionKind Resolve(PrecisionKind asked, MethodKind method, bool fastBf16) => asked switch
    {
        not PrecisionKind.Auto => asked,
        _ when fastBf16 && method is MethodKind.Lora or MethodKind.EnhancedLora => PrecisionKind.Bf16Frozen,
        _ => PrecisionKind.Fp32,
    };
}
