namespace LabPortal.Agent.Training;

/// <summary>The learning-rate family of a trainable parameter: C1 gives LoRA's A and B matrices their own rates.</summary>
public enum ParameterRole
{
    /// <summary>The head, and every weight in full fine-tuning: the base learning rate.</summary>
    Base,

    /// <summary>LoRA A matrices: the base rate × α.</summary>
    LoraA,

    /// <summary>LoRA B matrices: the base rate × β.</summary>
    LoraB,
}
