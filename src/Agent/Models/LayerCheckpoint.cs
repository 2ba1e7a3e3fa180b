using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models;

/// <summary>
/// Gradient checkpointing for one layer (training.gradientCheckpointing), as a custom autograd function: the forward
/// pass runs the layer without building its graph, keeping only its input; the backward pass runs it again with grad
/// from that input and backpropagates the incoming gradient through the recomputation. The layer's trainable weights
/// get their gradients from that inner backward; the function returns the input's. Dropout draws the same masks both
/// times: the CPU generator's state is saved before the forward run and put back for the recomputation (on CUDA,
/// whose generator state TorchSharp does not expose, it is reseeded alike), so the gradients equal those of the uncheckpointed layer.
/// </summary>
public sealed class LayerCheckpoint : autograd.SingleTensorFunction<LayerCheckpoint>
{
    private const string LayerKey = "layer";
    private const string GeneratorKey = "generator";
    private const string CudaSeedKey = "cudaSeed";
    private const string NeedsGradientKey = "needsGradient";

    public override string Name => nameof(LayerCheckpoint);

    /// <summary>Turns checkpointing on for every layer stack of <paramref name="model"/>.</summary>
    public static void EnableOn(nn.Module model)
    {
        var stacks = model.modules().OfType<ICheckpointedLayers>().ToList();
        if (stacks.Count == 0)
        {
            throw new InvalidOperationException($"training.gradientCheckpointing: the {model.GetType().Name} has no layer stack that can recompute its layers.");
        }

        stacks.ForEach(stack => stack.CheckpointLayers = true);
    }

    /// <summary>
    /// <paramref name="layer"/> applied to <paramref name="hidden"/> and the <paramref name="context"/> tensors it also
    /// reads (masks, rotary angles, T5's position bias: kept for the recomputation, and given their gradient when they
    /// need one), without keeping its activations. A hidden state that needs no gradient (a frozen embedding's output
    /// under LoRA) is made to need one: otherwise autograd would never call back, and the layer's LoRA weights would
    /// get no gradient.
    /// </summary>
    public static Tensor Run(Func<Tensor, Tensor[], Tensor> layer, Tensor hidden, params Tensor[] context)
    {
        using var leaf = hidden.requires_grad ? null : hidden.detach().requires_grad_(true);
        return apply([leaf ?? hidden, layer, .. context]);
    }

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var (hidden, layer) = ((Tensor)vars[0], (Func<Tensor, Tensor[], Tensor>)vars[1]);
        var context = vars[2..].Cast<Tensor>().ToArray();
        ctx.save_for_backward([hidden, .. context]); // the caller may dispose its own handles before backward runs
        ctx.save_data(LayerKey, layer);
        ctx.save_data(NeedsGradientKey, context.Select(c => c.requires_grad).ToArray());
        using (var generator = random.get_rng_state())
        {
            ctx.save_data(GeneratorKey, generator.data<byte>().ToArray()); // data, not a tensor: TorchSharp keeps tensors only via save_for_backward
        }

        var cudaSeed = -1L;
        if (hidden.device.type == DeviceType.CUDA)
        {
            // TorchSharp cannot read the CUDA generator's state, so it is reseeded: from the CPU generator, so a run
            // stays reproducible from its seed.
            using var draw = randint(0, int.MaxValue, [1], dtype: ScalarType.Int64);
            cudaSeed = draw.item<long>();
            cuda.manual_seed(cudaSeed);
        }

        ctx.save_data(CudaSeedKey, cudaSeed);

        using var noGrad = no_grad();
        return layer(hidden, context);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor gradOutput)
    {
        var saved = ctx.get_saved_variables();
        var layer = (Func<Tensor, Tensor[], Tensor>)ctx.get_data(LayerKey);
        using var generator = tensor((byte[])ctx.get_data(GeneratorKey));
        using var current = random.get_rng_state();
        random.set_rng_state(generator);
        if ((long)ctx.get_data(CudaSeedKey) is var seed and >= 0)
        {
            cuda.manual_seed(seed);
        }

        try
        {
            using var enableGrad = enable_grad();
            var needsGradient = (bool[])ctx.get_data(NeedsGradientKey);
            var input = saved[0].detach().requires_grad_(true);
            var context = saved.Skip(1).Select((c, i) => needsGradient[i] ? c.detach().requires_grad_(true) : c).ToArray();
            using var output = layer(input, context);
            output.backward([gradOutput]);
            return [input.grad!, null!, .. context.Select((c, i) => needsGradient[i] ? c.grad! : null!)];
        }
        finally
        {
            random.set_rng_state(current); // the draws after this layer's forward pass continue as they were
        }
    }
}
