namespace LabPortal.Shared.Experiments;

/// <summary>
/// What training.precision "auto" becomes on an agent, chosen by measurement (bench/README.md, "Half-precision frozen
/// weights"): on a CPU with bfloat16 dot products (AVX512-BF16 or AMX), bf16-frozen took 0.55–0.59× the fp32 LoRA step
/// with the same held-out accuracy, so LoRA and enhanced LoRA get it there and on CUDA. Everything else stays fp32:
/// full fine-tuning freezes nothing, head-only and zero-shot were not measured, and a CPU without bf16 dot products
/// would convert every matmul's inputs.
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
