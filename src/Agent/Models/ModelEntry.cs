using LabPortal.Agent.Tokenization;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Models;

/// <summary>
/// One named model of the catalogue: its tokenizer, the config that fits that tokenizer, and how to fill
/// the weights. A null <see cref="LoadWeights"/> keeps the seeded random initialisation. <see cref="DefaultHead"/> is the
/// pair head a spec gets when it names none: the one that measured best on the model (a cross-encoder with its pooler
/// when nothing was measured); <see cref="HeadByTask"/> overrides it for the tasks where another head measured better.
/// </summary>
public sealed record ModelEntry(
    string Name,
    string Description,
    Func<ITokenizer> CreateTokenizer,
    Func<ITokenizer, BertConfig> CreateConfig,
    Action<BertForPairClassification>? LoadWeights = null)
{
    public PairHead DefaultHead { get; init; } = PairHead.CrossPooler;

    /// <summary>
    /// Set for a family other than BERT's: it builds and fills the model, and <see cref="CreateConfig"/> and
    /// <see cref="LoadWeights"/> are not used.
    /// </summary>
    public IModelArchitecture? Architecture { get; init; }

    /// <summary>The number format of the weights it loads ("fp32", "fp16", "bf16") for the model picker; null when not known.</summary>
    public string? StoredPrecision { get; init; }

    /// <summary>Tasks on which a head other than <see cref="DefaultHead"/> measured better.</summary>
    public IReadOnlyDictionary<TaskKind, PairHead> HeadByTask { get; init; } = new Dictionary<TaskKind, PairHead>();

    /// <summary>
    /// The head a spec that names none gets on this task. The task's own head was measured for fine-tuning; a frozen
    /// encoder (head-only, zero-shot) keeps the model's default, whose features are what it was trained to give.
    /// </summary>
    public PairHead DefaultHeadFor(TaskKind task, MethodKind method) =>
        method is MethodKind.HeadOnly or MethodKind.ZeroShot ? DefaultHead : HeadByTask.GetValueOrDefault(task, DefaultHead);
}
