namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>
/// How one model family's parameter names meet the tensor names of its checkpoints. Both sides are compared in a
/// canonical spelling (without the base model's prefix, which base-model checkpoints lack).
/// </summary>
public interface ICheckpointNaming
{
    /// <summary>A checkpoint tensor's canonical name; <paramref name="preferred"/> marks one that wins over another of the same name.</summary>
    string CanonicalTensor(string checkpointKey, out bool preferred);

    /// <summary>A model parameter's canonical name.</summary>
    string CanonicalParameter(string parameterName);

    /// <summary>The name written on export: Hugging Face's <c>…ForSequenceClassification</c> layout.</summary>
    string Exported(string parameterName);

    /// <summary>Whether the parameter belongs to the classification head (kept at its seeded init when absent or of another shape).</summary>
    bool IsClassifier(string canonical);

    /// <summary>Whether a missing tensor may keep its seeded init.</summary>
    bool IsOptional(string canonical);

    /// <summary>Whether the checkpoint stores this weight as (in, out), as GPT-2's Conv1D does; the model's linear layer holds (out, in).</summary>
    bool StoredTransposed(string canonical) => false;

    /// <summary>PEFT's fan_in_fan_out: true for models whose checkpoints store their adapted weights transposed (GPT-2).</summary>
    bool FanInFanOut => false;
}
