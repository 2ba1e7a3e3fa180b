using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Models;

/// <summary>A model ready to train, with the tokenizer it was built for.</summary>
public sealed record LoadedModel(ModelEntry Entry, BertForPairClassification Model, ITokenizer Tokenizer) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
