using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Models;

/// <summary>
/// One named model of the catalogue: its tokenizer, the config that fits that tokenizer, and how to fill
/// the weights. A null <see cref="LoadWeights"/> keeps the seeded random initialisation.
/// </summary>
public sealed record ModelEntry(
    string Name,
    string Description,
    Func<ITokenizer> CreateTokenizer,
    Func<ITokenizer, BertConfig> CreateConfig,
    Action<BertForPairClassification>? LoadWeights = null);
