using System.Text.Json.Serialization;

namespace LabPortal.Shared.Experiments;

/// <summary>How an encoding's token states become one vector.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PoolingKind>))]
public enum PoolingKind
{
    /// <summary>The model's pooler (dense + tanh on [CLS]); the raw [CLS] state when the model has none.</summary>
    [JsonStringEnumMemberName("pooler")] Pooler,

    /// <summary>The first token's final state.</summary>
    [JsonStringEnumMemberName("cls")] Cls,

    /// <summary>The mean of the final states over the real tokens (padding masked out), as sentence-transformers pools.</summary>
    [JsonStringEnumMemberName("mean")] Mean,

    /// <summary>The last real token's final state: how a decoder LLM's *ForSequenceClassification reads a sequence.</summary>
    [JsonStringEnumMemberName("last")] Last,
}
