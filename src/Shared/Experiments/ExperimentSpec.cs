namespace LabPortal.Shared.Experiments;

/// <summary>
/// Everything one training run needs, and everything needed to reproduce it.
/// An experiment holds one spec; it expands into one run per seed (and, later, per variant).
/// </summary>
public sealed record ExperimentSpec
{
    /// <summary>Model catalogue name (for example "tiny") or a checkpoint folder on the agent.</summary>
    public string Model { get; init; } = "tiny";

    /// <summary>The task and the files to train and evaluate on.</summary>
    public DatasetSpec Dataset { get; init; } = new();

    /// <summary>How the model is adapted: LoRA and its options, full fine-tuning or head only.</summary>
    public MethodSpec Method { get; init; } = new();

    /// <summary>How the pair reaches the classifier (cross- or bi-encoder, pooling); null fields take the model's default.</summary>
    public HeadSpec Head { get; init; } = new();

    /// <summary>Optimiser, schedule and loop options.</summary>
    public TrainingSpec Training { get; init; } = new();

    /// <summary>Seeds the model initialisation, data order and dropout.</summary>
    public int Seed { get; init; } = 42;
}
