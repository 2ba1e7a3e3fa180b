using LabPortal.Agent.Models.Checkpoints;

namespace LabPortal.Agent.Models.T5;

/// <summary>
/// A T5 checkpoint's names: T5EncoderModel's (<c>shared</c>, <c>encoder.…</c>), a full T5ForConditionalGeneration's (the
/// same, with <c>decoder.…</c> and <c>lm_head</c> left unused) or a classifier's under <c>transformer.</c>. The encoder's
/// <c>embed_tokens</c> is the shared table under a second name: it fills <c>shared</c> when the checkpoint has no
/// <c>shared.weight</c> of its own.
/// </summary>
public sealed class T5CheckpointNaming : ICheckpointNaming
{
    private const string Prefix = "transformer.";
    private const string Shared = "shared.weight";
    private const string EncoderEmbeddings = "encoder.embed_tokens.weight";

    public string CanonicalTensor(string checkpointKey, out bool preferred)
    {
        var name = StripPrefix(checkpointKey);
        preferred = name == Shared;
        return name == EncoderEmbeddings ? Shared : name;
    }

    public string CanonicalParameter(string parameterName) => StripPrefix(parameterName);

    public string Exported(string parameterName) => parameterName;

    public bool IsClassifier(string canonical) => canonical.StartsWith(T5ForPairClassification.Classifier + ".", StringComparison.Ordinal);

    public bool IsOptional(string canonical) => IsClassifier(canonical);

    private static string StripPrefix(string name) => name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : name;
}
