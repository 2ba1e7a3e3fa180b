namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>BERT and RoBERTa checkpoints' names, by the rules of <see cref="CheckpointKeys"/>.</summary>
public sealed class BertCheckpointNaming(BertConfig config) : ICheckpointNaming
{
    public string CanonicalTensor(string checkpointKey, out bool preferred) => CheckpointKeys.Canonical(checkpointKey, config, out preferred);

    public string CanonicalParameter(string parameterName) => CheckpointKeys.Canonical(parameterName, config);

    public string Exported(string parameterName) => CheckpointKeys.Exported(parameterName, config);

    public bool IsClassifier(string canonical) => CheckpointKeys.IsClassifier(canonical);

    public bool IsOptional(string canonical) => CheckpointKeys.IsOptional(canonical, config);
}
