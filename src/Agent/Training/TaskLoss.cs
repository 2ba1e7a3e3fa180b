using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// The training objective for the classifier's outputs: cross-entropy over classes, or for a regression task (one
/// output, STS-B's 0–5 score) the mean squared error, as Hugging Face's *ForSequenceClassification chooses by num_labels.
/// </summary>
public static class TaskLoss
{
    /// <param name="outputs">(B, classes) logits, or (B, 1) predicted scores.</param>
    public static Tensor Of(Tensor outputs, IReadOnlyList<EncodedExample> examples, nn.Reduction reduction = nn.Reduction.Mean)
    {
        if (outputs.shape[1] == 1)
        {
            using var targets = tensor(examples.Select(e => (float)e.Label).ToArray(), ScalarType.Float32, outputs.device);
            using var predicted = outputs.squeeze(1);
            return nn.functional.mse_loss(predicted, targets, reduction);
        }

        using var labels = tensor(examples.Select(e => (long)e.Label).ToArray(), ScalarType.Int64, outputs.device);
        return nn.functional.cross_entropy(outputs, labels, reduction: reduction);
    }
}
