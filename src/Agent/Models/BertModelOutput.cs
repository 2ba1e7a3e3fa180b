using static TorchSharp.torch;

namespace LabPortal.Agent.Models;

/// <summary>What <see cref="BertModel"/> returns.</summary>
/// <param name="LastHiddenState">(B, T, C)</param>
/// <param name="PoolerOutput">(B, C), or null when the model has no pooler.</param>
public sealed record BertModelOutput(Tensor LastHiddenState, Tensor? PoolerOutput);
