namespace LabPortal.Agent.Models;

/// <summary>A stack of encoder or decoder layers that can recompute each layer in backward (<see cref="LayerCheckpoint"/>).</summary>
public interface ICheckpointedLayers
{
    /// <summary>While true and training with grad, each layer's activations are recomputed in backward instead of kept.</summary>
    bool CheckpointLayers { get; set; }
}
