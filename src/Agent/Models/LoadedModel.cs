using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Models;

/// <summary>A model ready to train, with the tokenizer it was built for.</summary>
public sealed record LoadedModel(ModelEntry Entry, PairClassifier Model, ITokenizer Tokenizer) : IDisposable
{
    /// <summary>The model as a BERT-family encoder, for what only encoders have (their config, a merged export, ONNX checks).</summary>
    public BertForPairClassification Bert => Model as BertForPairClassification
        ?? throw new InvalidOperationException($"{Entry.Name} is a {Model.GetType().Name}, not a BERT-family encoder.");

    public void Dispose() => Model.Dispose();
}
