using LabPortal.Agent.Tokenization;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>A padded batch as (B, T) int64 tensors on the training device (labels stay with the examples: see <see cref="TaskLoss"/>).</summary>
public sealed record BatchTensors(Tensor InputIds, Tensor TokenTypeIds, Tensor AttentionMask)
{
    /// <summary>Creates the tensors in the current dispose scope.</summary>
    public static BatchTensors From(PaddedBatch batch, Device device)
    {
        long[] shape = [batch.BatchSize, batch.Length];
        return new BatchTensors(
            tensor(batch.InputIds, shape, ScalarType.Int64, device),
            tensor(batch.TokenTypeIds, shape, ScalarType.Int64, device),
            tensor(batch.AttentionMask, shape, ScalarType.Int64, device));
    }
}
