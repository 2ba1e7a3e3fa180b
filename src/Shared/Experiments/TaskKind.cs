using System.Text.Json.Serialization;

namespace LabPortal.Shared.Experiments;

/// <summary>The sentence-pair task, which fixes the file layout and the meaning of the labels.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskKind>))]
public enum TaskKind
{
    /// <summary>GLUE QQP layout: id, qid1, qid2, question1, question2, is_duplicate.</summary>
    [JsonStringEnumMemberName("qqp")] Qqp,

    /// <summary>GLUE MRPC layout: Quality, #1 ID, #2 ID, #1 String, #2 String.</summary>
    [JsonStringEnumMemberName("mrpc")] Mrpc,

    /// <summary>Any pair file: TSV, CSV or JSON lines, with the text and label columns named in the dataset spec.</summary>
    [JsonStringEnumMemberName("custom")] Custom,
}
