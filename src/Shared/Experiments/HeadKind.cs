using System.Text.Json.Serialization;

namespace LabPortal.Shared.Experiments;

/// <summary>How the two texts of a pair reach the classifier.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<HeadKind>))]
public enum HeadKind
{
    /// <summary>One encoding of <c>[CLS] a [SEP] b [SEP]</c>, pooled, then a linear classifier (Hugging Face's *ForSequenceClassification).</summary>
    [JsonStringEnumMemberName("cross-encoder")] CrossEncoder,

    /// <summary>
    /// Each text encoded alone by the same encoder and pooled to u and v; a linear classifier on (u, v, |u−v|, u⊙v),
    /// the Sentence-BERT classification objective.
    /// </summary>
    [JsonStringEnumMemberName("bi-encoder")] BiEncoder,
}
