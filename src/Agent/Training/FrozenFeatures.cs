using LabPortal.Agent.Models;
using LabPortal.Agent.Tokenization;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// The head's inputs for every example of a set, computed once by the frozen encoder in eval mode (no dropout): a
/// linear probe then trains and evaluates on rows of this table instead of re-encoding each epoch. (N, F) on the device.
/// </summary>
public sealed class FrozenFeatures : IDisposable
{
    private FrozenFeatures(Tensor all) => All = all;

    public Tensor All { get; }

    public static FrozenFeatures Compute(PairClassifier model, IReadOnlyList<EncodedExample> examples, int batchSize, SpecialTokens special, Device device)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var chunks = new List<Tensor>();
            foreach (var chunk in examples.Chunk(batchSize))
            {
                var (features, states, second) = model.Features(PairBatch.From(chunk, model.Head.Kind, special, device));
                states.Dispose();
                second?.Dispose();
                chunks.Add(features);
            }

            return new FrozenFeatures(cat(chunks, dim: 0).MoveToOuterDisposeScope());
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>The rows of these examples, in the current dispose scope.</summary>
    public Tensor Rows(IReadOnlyList<int> indices) =>
        All.index_select(0, tensor(indices.Select(i => (long)i).ToArray(), ScalarType.Int64, All.device));

    public void Dispose() => All.Dispose();
}
