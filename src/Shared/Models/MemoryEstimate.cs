using LabPortal.Shared.Experiments;

namespace LabPortal.Shared.Models;

/// <summary>
/// The memory a training run needs on its device, from the spec and the model's shape alone (nothing is loaded).
/// The scheduler gives a run only to an agent with at least <see cref="TotalBytes"/>. It counts the tensors libtorch
/// holds at the peak for one joint sequence per pair of max length (a cross-encoder; a bi-encoder's two shorter
/// sequences measured about the same on MiniLM), not what the C allocator keeps after they are freed (bench/README.md §8).
/// </summary>
/// <param name="WeightBytes">Every weight (frozen, trainable, LoRA's A and B, the head) in the spec's precision.</param>
/// <param name="TrainingStateBytes">The trainable weights' gradients, AdamW's two fp32 moments, and the best checkpoint's copy.</param>
/// <param name="ActivationBytes">What the forward pass keeps for backward at batch × max length, plus backward's working set.</param>
public sealed record MemoryEstimate(long WeightBytes, long TrainingStateBytes, long ActivationBytes)
{
    public long TotalBytes => WeightBytes + TrainingStateBytes + ActivationBytes;

    /// <summary>The estimate for <paramref name="spec"/> on <paramref name="model"/>; null when the model's shape is not known (an older agent, a family the estimate lacks).</summary>
    public static MemoryEstimate? For(ExperimentSpec spec, ModelInfo? model)
    {
        if (model is not { HasMemoryShape: true } || LayerLayout.For(model, spec.Training.MaxLength) is not { } layout)
        {
            return null;
        }

        var method = spec.Method;
        var lora = method.Kind is MethodKind.Lora or MethodKind.EnhancedLora;
        var adapted = lora ? layout.Adapted(method.TargetModules) : [];
        long d = model.HiddenSize;
        // The lab's heads: at most a d × d dense and a classifier over up to 4·d pair features into a few outputs.
        var head = d * d + 8 * d;
        var loraParameters = model.Layers * adapted.Sum(l => (long)method.Rank * (l.In + l.Out));
        var trainable = method.Kind switch
        {
            MethodKind.Full => model.Parameters + head,
            MethodKind.Lora or MethodKind.EnhancedLora => loraParameters + head,
            MethodKind.HeadOnly => head,
            _ => 0,
        };
        var frozen = model.Parameters + head + loraParameters - trainable;

        var precision = spec.Training.Precision;
        var frozenSize = precision is PrecisionKind.Fp32 or PrecisionKind.Auto ? 4 : 2; // auto: fp32's bound, as the agent may choose it
        var trainableSize = precision == PrecisionKind.Bf16 ? 2 : 4;
        var activationSize = frozenSize; // activations follow the base weights' format
        var keepsBest = spec.Training.BestMetric != CheckpointMetric.Last;
        var state = trainable * (trainableSize + 2 * 4 + (keepsBest ? trainableSize : 0));

        var tokens = (long)spec.Training.BatchSize * spec.Training.MaxLength;
        var perToken = ActivationsPerToken(spec, model, layout, adapted, trainsBody: method.Kind is MethodKind.Full or MethodKind.Lora or MethodKind.EnhancedLora);
        return new(frozen * frozenSize + trainable * trainableSize, state, tokens * perToken * activationSize);
    }

    /// <summary>Elements per token kept at the peak: every layer's saved tensors (or, with checkpointing, every layer's input, what they share and one layer's), and backward's working set.</summary>
    private static long ActivationsPerToken(ExperimentSpec spec, ModelInfo model, LayerLayout layout, IReadOnlyList<LayerLinear> adapted, bool trainsBody)
    {
        long h = model.AttentionHeads, T = spec.Training.MaxLength;
        // While backward goes through a layer, the gradient of its largest saved tensor and the one it produces coexist.
        var backwardWorkingSet = 2 * Math.Max(h * T, model.IntermediateSize);
        if (!trainsBody)
        {
            return layout.AlwaysSaved + backwardWorkingSet; // no backward through the body: one layer's tensors at a time
        }

        var layer = layout.AlwaysSaved + SavedLinearInputs(spec.Method, layout, adapted);
        var layers = spec.Training.GradientCheckpointing ? (model.Layers * model.HiddenSize) + layout.CheckpointedContext + layer : model.Layers * layer;
        return layout.EmbeddingSaved + layers + backwardWorkingSet;
    }

    /// <summary>
    /// The linear inputs autograd keeps: full fine-tuning keeps every one (and the norms' inputs); LoRA keeps the
    /// inputs its A matrices read (with LoRA dropout, the noise and the dropped copy instead) and x·Aᵀ, which B's gradient reads.
    /// </summary>
    private static long SavedLinearInputs(MethodSpec method, LayerLayout layout, IReadOnlyList<LayerLinear> adapted)
    {
        if (method.Kind == MethodKind.Full)
        {
            return layout.InputSizes.Values.Sum() + layout.TrainedNormInputs;
        }

        var inputs = method.Dropout > 0
            ? adapted.Sum(l => 2 * l.In)
            : adapted.Select(l => l.Input).Distinct().Sum(input => layout.InputSizes[input]);
        return inputs + adapted.Sum(_ => (long)method.Rank);
    }
}
