using static TorchSharp.torch;

namespace LabPortal.Agent.Models;

/// <summary>
/// What the pair classifier returns: (B, 2) logits and the final token states C3 reads — the joint encoding's
/// (B, T, C) for a cross-encoder, each text's own (B, T1, C) and (B, T2, C) for a bi-encoder.
/// </summary>
public sealed record PairOutput(Tensor Logits, Tensor JointOrFirstStates, Tensor? SecondStates) : IDisposable
{
    public void Dispose()
    {
        Logits.Dispose();
        JointOrFirstStates.Dispose();
        SecondStates?.Dispose();
    }
}
