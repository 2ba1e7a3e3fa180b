using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models;

/// <summary>
/// Hugging Face's BERT initialisation: linear and embedding weights ~ N(0, initializer_range), biases 0,
/// the padding embedding row 0, LayerNorm weight 1 and bias 0. Draws from torch's global generator,
/// so seed it first. Llama's _init_weights is the same rule (its RMSNorm weights start at 1 when built).
/// </summary>
public static class BertInitializer
{
    public static void Apply(nn.Module model, BertConfig config) => Apply(model, config.InitializerRange, "word_embeddings.weight", config.PadTokenId);

    /// <param name="wordEmbeddings">The suffix of the token embeddings' parameter name, whose padding row starts at zero.</param>
    /// <param name="padTokenId">The embeddings' padding_idx; null when they have none (GPT-2, Llama 3).</param>
    public static void Apply(nn.Module model, double initializerRange, string wordEmbeddings, long? padTokenId)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in model.named_modules())
        {
            switch (module)
            {
                case Linear linear:
                    nn.init.normal_(linear.weight, 0, initializerRange);
                    if (linear.bias is not null)
                    {
                        nn.init.zeros_(linear.bias);
                    }

                    break;
                case Embedding embedding:
                    nn.init.normal_(embedding.weight, 0, initializerRange);
                    break;
                case LayerNorm layerNorm:
                    nn.init.ones_(layerNorm.weight);
                    nn.init.zeros_(layerNorm.bias);
                    break;
            }
        }

        // The word embeddings' padding row stays zero, as nn.Embedding(padding_idx) starts it.
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (padTokenId is { } pad && name.EndsWith(wordEmbeddings, StringComparison.Ordinal))
            {
                using var paddingRow = parameter[pad];
                paddingRow.zero_();
            }
        }
    }
}
