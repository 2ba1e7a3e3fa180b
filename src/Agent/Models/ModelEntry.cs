using LabPortal.Agent.Tokenization;

namespace LabPortal.Agent.Models;

/// <summary>
/// One named model of the catalogue: its tokenizer, the config that fits that tokenizer, and how to fill
/// the weights. A null <see cref="LoadWeights"/> keeps the seeded random initialisation. <see cref="DefaultHead"/> is the
/// pair head a spec gets when it names none: the one that measured best on the model (a cross-encoder with its pooler
/// when nothing was measured).
/// </summary>
public sealed record ModelEntry(
    string Name,
    string Description,
    Func<ITokenizer> CreateTokenizer,
    Func<ITokenizer, BertConfig> CreateConfig,
    Action<BertForPairClassification>? LoadWeights = null)
{
    public PairHead DefaultHead { get; init; } = PairHead.CrossPooler;
}
