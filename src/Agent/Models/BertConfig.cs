namespace LabPortal.Agent.Models;

/// <summary>The shape of a BERT encoder; field meanings and defaults follow Hugging Face's <c>BertConfig</c>.</summary>
public sealed record BertConfig
{
    /// <summary>Token ids are in [0, VocabSize).</summary>
    public int VocabSize { get; init; } = 30522;

    /// <summary>Width C of every hidden state.</summary>
    public int HiddenSize { get; init; } = 768;

    /// <summary>Transformer layers in the encoder.</summary>
    public int NumHiddenLayers { get; init; } = 12;

    /// <summary>Attention heads per layer; must divide HiddenSize.</summary>
    public int NumAttentionHeads { get; init; } = 12;

    /// <summary>Width of the feed-forward block.</summary>
    public int IntermediateSize { get; init; } = 3072;

    /// <summary>Longest sequence the position embeddings cover.</summary>
    public int MaxPositionEmbeddings { get; init; } = 512;

    /// <summary>Segment ids are in [0, TypeVocabSize): 0 for the first sentence, 1 for the second.</summary>
    public int TypeVocabSize { get; init; } = 2;

    public double LayerNormEps { get; init; } = 1e-12;

    /// <summary>Dropout on embeddings, attention outputs, FFN outputs and the classifier input.</summary>
    public double HiddenDropoutProb { get; init; } = 0.1;

    /// <summary>Dropout before the classifier (config.json's classifier_dropout); null uses <see cref="HiddenDropoutProb"/>, as Hugging Face does.</summary>
    public double? ClassifierDropout { get; init; }

    /// <summary>Dropout on the attention probabilities.</summary>
    public double AttentionProbsDropoutProb { get; init; } = 0.1;

    /// <summary>Id of [PAD]; its embedding row starts at zero.</summary>
    public int PadTokenId { get; init; }

    /// <summary>Whether the model has the pooler (dense + tanh on [CLS]) that the classifier reads.</summary>
    public bool AddPoolingLayer { get; init; } = true;

    /// <summary>Standard deviation of the normal initialisation of weights.</summary>
    public double InitializerRange { get; init; } = 0.02;

    /// <summary>BERT or RoBERTa: the encoder's name in parameter names and how position ids are counted.</summary>
    public EncoderFamily Family { get; init; } = EncoderFamily.Bert;

    public int HeadSize => HiddenSize / NumAttentionHeads;

    /// <summary>Hugging Face's base_model_prefix: the encoder's name inside the classifier.</summary>
    public string BaseModelPrefix => Family == EncoderFamily.Roberta ? "roberta" : "bert";
}
