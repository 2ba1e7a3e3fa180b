using LabPortal.Agent.Models;
using LabPortal.Agent.Tokenization;
using static TorchSharp.torch;

namespace LabPortal.Agent.Verification;

/// <summary>Runs our BertModel for inference (eval mode, no gradients) and returns its last hidden states.</summary>
public static class TorchEncoderRunner
{
    /// <returns>The last hidden states, (B, T, C) flattened row-major.</returns>
    public static float[] LastHiddenState(BertModel bert, PaddedBatch batch)
    {
        bert.eval();
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        long[] shape = [batch.BatchSize, batch.Length];
        var ids = tensor(batch.InputIds, shape, ScalarType.Int64);
        var types = tensor(batch.TokenTypeIds, shape, ScalarType.Int64);
        var mask = tensor(batch.AttentionMask, shape, ScalarType.Int64);
        using var hidden = bert.call(ids, types, mask); // (B, T, C)
        return hidden.data<float>().ToArray();
    }
}
