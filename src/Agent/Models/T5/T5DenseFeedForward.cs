using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Models.T5;

/// <summary>
/// T5's feed-forward (Hugging Face's DenseReluDense): wo(act(wi x)), or gated (T5 v1.1, Flan-T5) wo(act(wi_0 x) ⊙ wi_1 x);
/// no biases, dropout before wo.
/// </summary>
public sealed class T5DenseFeedForward : Module<Tensor, Tensor>, IAdaptableLinears
{
    private readonly string _activation;

    // wi for the plain block, wi_0 and wi_1 for the gated one (the others stay null and unregistered); typed as
    // modules so LoRA can take their place.
    [ComponentName(Name = "wi")]
    private Module<Tensor, Tensor>? _input;

    [ComponentName(Name = "wi_0")]
    private Module<Tensor, Tensor>? _gate;

    [ComponentName(Name = "wi_1")]
    private Module<Tensor, Tensor>? _linear;

    [ComponentName(Name = "wo")]
    private Module<Tensor, Tensor> _outputLayer;

    [ComponentName(Name = "dropout")]
    private readonly Dropout _dropout;

    public T5DenseFeedForward(T5Config config) : base(nameof(T5DenseFeedForward))
    {
        _activation = config.Activation;
        if (config.GatedFeedForward)
        {
            _gate = Linear(config.ModelDim, config.FeedForwardDim, hasBias: false);
            _linear = Linear(config.ModelDim, config.FeedForwardDim, hasBias: false);
        }
        else
        {
            _input = Linear(config.ModelDim, config.FeedForwardDim, hasBias: false);
        }

        _outputLayer = Linear(config.FeedForwardDim, config.ModelDim, hasBias: false);
        _dropout = Dropout(config.DropoutRate);
        RegisterComponents();
    }

    public void ReplaceLinear(string name, Module<Tensor, Tensor> replacement)
    {
        switch (name)
        {
            case "wi" when _input is not null: _input = replacement; break;
            case "wi_0" when _gate is not null: _gate = replacement; break;
            case "wi_1" when _linear is not null: _linear = replacement; break;
            case "wo": _outputLayer = replacement; break;
            default: throw new ArgumentException($"{GetType().Name} has no linear layer '{name}'.", nameof(name));
        }

        _internal_submodules[name] = replacement;
    }

    /// <param name="hidden">(B, T, C), already normed.</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        var widened = _input is not null
            ? Activate(_input.call(hidden))                                  // (B, T, F)
            : Activate(_gate!.call(hidden)) * _linear!.call(hidden);
        return _outputLayer.call(_dropout.call(widened)).MoveToOuterDisposeScope();
    }

    private Tensor Activate(Tensor x) => _activation switch
    {
        "relu" => functional.relu(x),
        "gelu" => functional.gelu(x),
        "gelu_new" => functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),   // gelu_new is GELU's tanh approximation
        "silu" => functional.silu(x),
        _ => throw new InvalidOperationException($"T5 activation '{_activation}' is not supported."),
    };
}
