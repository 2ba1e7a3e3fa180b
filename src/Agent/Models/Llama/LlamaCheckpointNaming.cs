using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Models.Decoders;

namespace LabPortal.Agent.Models.Llama;

/// <summary>
/// A Llama-family checkpoint's names: the decoder under <c>model.</c> (a base-model checkpoint has no prefix), the
/// classifier as <c>score</c>; a causal LM's <c>lm_head</c> has no place in a classifier and is left unused.
/// </summary>
public sealed class LlamaCheckpointNaming : ICheckpointNaming
{
    private const string Prefix = "model.";

    public string CanonicalTensor(string checkpointKey, out bool preferred)
    {
        preferred = false;
        return StripPrefix(checkpointKey);
    }

    public string CanonicalParameter(string parameterName) => StripPrefix(parameterName);

    public string Exported(string parameterName) => parameterName;

    public bool IsClassifier(string canonical) => canonical.StartsWith(DecoderForPairClassification.Score + ".", StringComparison.Ordinal);

    public bool IsOptional(string canonical) => IsClassifier(canonical);

    private static string StripPrefix(string name) => name.StartsWith(Prefix, StringComparison.Ordinal) ? name[Prefix.Length..] : name;
}
