using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// AdamW as Hugging Face's Trainer sets it up: betas (0.9, 0.999), eps 1e-8 (TorchSharp's defaults differ,
/// so they are explicit), and weight decay on every trainable parameter except biases and LayerNorm weights.
/// </summary>
public static class OptimizerFactory
{
    public const double Beta1 = 0.9;
    public const double Beta2 = 0.999;
    public const double Epsilon = 1e-8;

    public static AdamW Create(nn.Module model, double learningRate, double weightDecay)
    {
        var trainable = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        var decayed = trainable.Where(p => !IsExemptFromDecay(p.name)).Select(p => p.parameter).ToList();
        var exempt = trainable.Where(p => IsExemptFromDecay(p.name)).Select(p => p.parameter).ToList();

        var groups = new List<AdamW.ParamGroup>();
        if (decayed.Count > 0)
        {
            groups.Add(new AdamW.ParamGroup(decayed, learningRate, Beta1, Beta2, Epsilon, weightDecay));
        }

        if (exempt.Count > 0)
        {
            groups.Add(new AdamW.ParamGroup(exempt, learningRate, Beta1, Beta2, Epsilon, weight_decay: 0));
        }

        return optim.AdamW(groups, learningRate, Beta1, Beta2, Epsilon, weightDecay);
    }

    public static bool IsExemptFromDecay(string parameterName) =>
        parameterName.EndsWith(".bias", StringComparison.Ordinal) || parameterName.Contains("LayerNorm.", StringComparison.Ordinal);
}
