using System.Text.Json.Serialization;

namespace LabPortal.Shared.Experiments;

/// <summary>How a run adapts the pretrained encoder.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<MethodKind>))]
public enum MethodKind
{
    /// <summary>LoRA with the paper's parts C1, C2 and C3, each switchable (see docs/method.md).</summary>
    [JsonStringEnumMemberName("enhanced-lora")] EnhancedLora,

    /// <summary>Plain LoRA as in Hugging Face PEFT.</summary>
    [JsonStringEnumMemberName("lora")] Lora,

    /// <summary>Every weight trainable.</summary>
    [JsonStringEnumMemberName("full")] Full,

    /// <summary>Only the classification head trains, on frozen features: a linear probe.</summary>
    [JsonStringEnumMemberName("head-only")] HeadOnly,

    /// <summary>Nothing trains: the cosine of the two texts' pooled embeddings against a threshold chosen on the selection split.</summary>
    [JsonStringEnumMemberName("zero-shot")] ZeroShot,
}
