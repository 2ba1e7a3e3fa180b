using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Agent.Tests.Models.Checkpoints;
using TorchSharp;

namespace LabPortal.Agent.Tests.Adapters;

/// <summary>The small seeded BERT of the checkpoint tests as a "pretrained" base, with adapters that look trained.</summary>
internal static class AdapterModels
{
    public static BertForPairClassification Base() =>
        SmallCheckpoints.Model(SmallCheckpoints.SmallConfig(SmallCheckpoints.WordPieceTokens.Length, EncoderFamily.Bert, padTokenId: 0));

    public static LoraSettings Settings(bool decomposition = false, bool rsLora = false) =>
        new(Rank: 4, Alpha: 8, Dropout: 0.1, rsLora, ["query", "value"], decomposition);

    /// <summary>The base with adapters injected, then A, B and the head moved away from their initial values.</summary>
    public static BertForPairClassification Trained(LoraSettings settings)
    {
        var model = Base();
        LoraInjector.Inject(model, settings);
        LoraInjector.MarkOnlyLoraAndHeadTrainable(model);
        torch.manual_seed(3);
        using var noGrad = torch.no_grad();
        foreach (var parameter in model.parameters().Where(p => p.requires_grad))
        {
            using var step = torch.randn_like(parameter) * 0.05;
            parameter.add_(step);
        }

        return model;
    }

    public static torch.Tensor Logits(BertForPairClassification model) => SmallCheckpoints.Logits(model, SmallCheckpoints.WordPiece());
}
