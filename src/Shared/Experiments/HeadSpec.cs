namespace LabPortal.Shared.Experiments;

/// <summary>
/// The pair head. A null field takes the model's default: the catalogue gives each packaged model the head and
/// pooling that measured best on it; a checkpoint folder gets a cross-encoder with its pooler.
/// </summary>
public sealed record HeadSpec
{
    public HeadKind? Kind { get; init; }

    public PoolingKind? Pooling { get; init; }
}
