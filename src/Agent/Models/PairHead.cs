using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Models;

/// <summary>How a model reads a pair: one joint encoding or each text alone, and how token states are pooled.</summary>
public sealed record PairHead(HeadKind Kind, PoolingKind Pooling)
{
    /// <summary>Hugging Face's *ForSequenceClassification: the pooler on the joint encoding's first token.</summary>
    public static PairHead CrossPooler { get; } = new(HeadKind.CrossEncoder, PoolingKind.Pooler);

    /// <summary>Hugging Face's decoder *ForSequenceClassification: the joint prompt's last real token.</summary>
    public static PairHead CrossLast { get; } = new(HeadKind.CrossEncoder, PoolingKind.Last);

    /// <summary>Sentence-BERT's classification objective on mean-pooled embeddings.</summary>
    public static PairHead BiMean { get; } = new(HeadKind.BiEncoder, PoolingKind.Mean);

    /// <summary>
    /// The spec's choices where it makes them, the model's default elsewhere. A single text has no pair to split, so
    /// it is read whole (a bi-encoder's one text is exactly a cross-encoder's): the kind becomes cross-encoder.
    /// </summary>
    public static PairHead Resolve(HeadSpec spec, PairHead modelDefault, bool singleText = false) =>
        new(singleText ? HeadKind.CrossEncoder : spec.Kind ?? modelDefault.Kind, spec.Pooling ?? modelDefault.Pooling);

    /// <summary>The head with both choices written out, as a run stores it so it rebuilds the same model.</summary>
    public HeadSpec ToSpec() => new() { Kind = Kind, Pooling = Pooling };

    /// <summary>The head as the spec writes it, e.g. "bi-encoder, mean pooling".</summary>
    public override string ToString() =>
        $"{(Kind == HeadKind.BiEncoder ? "bi-encoder" : "cross-encoder")}, {Pooling.ToString().ToLowerInvariant()} pooling";
}
