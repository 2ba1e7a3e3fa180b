using LabPortal.Agent.Models.Checkpoints;

namespace LabPortal.Agent.Models.Decoders;

/// <summary>
/// A decoder checkpoint's names: the body under <paramref name="prefix"/> (a base-model checkpoint has none), the
/// classifier as <c>score</c>; a causal LM's head has no place in a classifier and is left unused. Llama, Qwen2 and
/// Mistral use it as it is (<c>model.</c>); GPT-2 adds its transposed Conv1D weights.
/// </summary>
public class DecoderCheckpointNaming(string prefix) : ICheckpointNaming
{
    public string CanonicalTensor(string checkpointKey, out bool preferred)
    {
        preferred = false;
        return StripPrefix(checkpointKey);
    }

    public string CanonicalParameter(string parameterName) => StripPrefix(parameterName);

    public string Exported(string parameterName) => parameterName;

    public bool IsClassifier(string canonical) => canonical.StartsWith(DecoderForPairClassification.Score + ".", StringComparison.Ordinal);

    public bool IsOptional(string canonical) => IsClassifier(canonical);

    public virtual bool StoredTransposed(string canonical) => false;

    public virtual bool FanInFanOut => false;

    private string StripPrefix(string name) => name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
}
