using System.Text.Json.Serialization;

namespace LabPortal.Shared.Experiments;

/// <summary>The task, which fixes the file layout, the meaning of the labels and the metrics (see <see cref="TaskFacts"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TaskKind>))]
public enum TaskKind
{
    /// <summary>GLUE QQP layout: id, qid1, qid2, question1, question2, is_duplicate.</summary>
    [JsonStringEnumMemberName("qqp")] Qqp,

    /// <summary>GLUE MRPC layout: Quality, #1 ID, #2 ID, #1 String, #2 String.</summary>
    [JsonStringEnumMemberName("mrpc")] Mrpc,

    /// <summary>Any pair file: TSV, CSV or JSON lines, with the text and label columns named in the dataset spec.</summary>
    [JsonStringEnumMemberName("custom")] Custom,

    /// <summary>GLUE CoLA, no header: source, label (1 acceptable), original label, sentence.</summary>
    [JsonStringEnumMemberName("cola")] Cola,

    /// <summary>GLUE SST-2: sentence, label (1 positive).</summary>
    [JsonStringEnumMemberName("sst2")] Sst2,

    /// <summary>GLUE STS-B: index, genre, filename, year, old_index, source1, source2, sentence1, sentence2, score (0–5).</summary>
    [JsonStringEnumMemberName("stsb")] Stsb,

    /// <summary>GLUE MNLI: index, promptID, pairID, genre, four parse columns, sentence1, sentence2, label1, gold_label.</summary>
    [JsonStringEnumMemberName("mnli")] Mnli,

    /// <summary>GLUE QNLI: index, question, sentence, label (entailment / not_entailment).</summary>
    [JsonStringEnumMemberName("qnli")] Qnli,

    /// <summary>GLUE RTE: index, sentence1, sentence2, label (entailment / not_entailment).</summary>
    [JsonStringEnumMemberName("rte")] Rte,
}
