using LabPortal.Agent.Tokenization;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>A padded batch as (B, T) int64 tensors on the training device, plus the (B) labels.</summary>
public sealed record BatchTensors(Tensor InputIds, Tensor TokenTypeIds, Tensor AttentionMask, Tensor Labels)
{
    /// <summary>Creates the tensors in the current dispose scope.</summary>
    public static BatchTensors From(PaddedBatch batch, IReadOnlyList<long> labels, Device device)
    {
        long[] shape = [batch.BatchSize, batch.Length];
        return new BatchTensors(
            tensor(batch.InputIds, shape, ScalarType.Int64, device),
            tensor(batch.TokenTypeIds, shape, ScalarType.Int64, device),
            tensor(batch.AttentionMask, shape, ScalarType.Int64, device),
            tensor(labels.ToArray(), [labels.Count], ScalarType.Int64, device));
    }
}
