using LabPortal.Agent.Tokenization;
using Microsoft.ML.OnnxRuntime;

namespace LabPortal.Agent.Verification;

/// <summary>
/// The packaged ONNX encoder run by ONNX Runtime on the CPU: the reference our TorchSharp BertModel is checked against.
/// </summary>
public sealed class OnnxRuntimeEncoder : IDisposable
{
    private const string Output = "last_hidden_state";

    private readonly InferenceSession _session;

    /// <param name="onnx">The serialized model.</param>
    /// <param name="threads">Intra-op threads, to match torch's for a fair speed comparison.</param>
    /// <param name="spin">
    /// Whether idle intra-op threads spin-wait (ONNX Runtime's default). Off when the two engines take turns batch by
    /// batch: threads spinning after their turn would take the CPU from the other engine's, as torch's threads wait
    /// passively (OMP_WAIT_POLICY=PASSIVE).
    /// </param>
    public OnnxRuntimeEncoder(byte[] onnx, int threads, bool spin = true)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        if (!spin)
        {
            options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        }

        _session = new InferenceSession(onnx, options);
    }

    /// <returns>The last hidden states, (B, T, C) flattened row-major.</returns>
    public float[] LastHiddenState(PaddedBatch batch)
    {
        long[] shape = [batch.BatchSize, batch.Length];
        using var ids = OrtValue.CreateTensorValueFromMemory(batch.InputIds, shape);
        using var mask = OrtValue.CreateTensorValueFromMemory(batch.AttentionMask, shape);
        using var types = OrtValue.CreateTensorValueFromMemory(batch.TokenTypeIds, shape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, ["input_ids", "attention_mask", "token_type_ids"], [ids, mask, types], [Output]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    public void Dispose() => _session.Dispose();
}
