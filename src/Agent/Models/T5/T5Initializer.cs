using static TorchSharp.torch;

namespace LabPortal.Agent.Models.T5;

/// <summary>
/// Hugging Face's T5 initialisation (T5PreTrainedModel._init_weights), scaled by initializer_factor f: embeddings
/// N(0, f), q N(0, f/√(d_model·d_kv)), k, v, wi, wi_0, wi_1 and the relative bias N(0, f/√d_model), o N(0,
/// f/√(heads·d_kv)), wo N(0, f/√d_ff), norms 1. The classifier starts as T5's classification head does, N(0, f/√d_model)
/// with a zero bias. Draws from torch's global generator, so seed it first.
/// </summary>
public static class T5Initializer
{
    public static void Apply(T5ForPairClassification model)
    {
        var c = model.Config;
        var f = c.InitializerFactor;
        using var noGrad = no_grad();
        foreach (var (name, parameter) in model.named_parameters())
        {
            var last = name.Split('.')[^2];
            if (name.EndsWith("norm.weight", StringComparison.Ordinal))
            {
                parameter.fill_(f);
                continue;
            }

            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                parameter.zero_();
                continue;
            }

            var std = last switch
            {
                "shared" => f,
                "q" => f / Math.Sqrt((double)c.ModelDim * c.KeyValueDim),
                "o" => f / Math.Sqrt((double)c.NumHeads * c.KeyValueDim),
                "wo" => f / Math.Sqrt(c.FeedForwardDim),
                _ => f / Math.Sqrt(c.ModelDim),   // k, v, wi, wi_0, wi_1, relative_attention_bias, classifier
            };
            nn.init.normal_(parameter, 0, std);
        }
    }
}
