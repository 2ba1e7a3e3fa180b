using System.Text.Json.Serialization;

namespace LabPortal.Shared.Experiments;

/// <summary>The number format the model's weights and activations are kept in while training.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PrecisionKind>))]
public enum PrecisionKind
{
    /// <summary>Everything in 32-bit floats.</summary>
    [JsonStringEnumMemberName("fp32")] Fp32,

    /// <summary>
    /// Frozen base weights and the activations through them in bfloat16; LoRA matrices, the head and the optimiser
    /// state in fp32. Frozen weights need no fp32 master copy because they are never updated.
    /// </summary>
    [JsonStringEnumMemberName("bf16-frozen")] Bf16Frozen,

    /// <summary>Every weight in bfloat16, trainable ones included (CUDA only).</summary>
    [JsonStringEnumMemberName("bf16")] Bf16,

    /// <summary>The default: the agent picks, by <see cref="PrecisionDefaults.Resolve"/>, and reports what it trained in.</summary>
    [JsonStringEnumMemberName("auto")] Auto,
}
