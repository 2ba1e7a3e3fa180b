using LabPortal.Agent.Models;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp;

namespace LabPortal.Agent.Tests.Training;

/// <summary>The tiny model with a method applied, and a fixed batch of eight 12-token pairs (two padded) for it.</summary>
internal static class TinyBatch
{
    public static LoadedModel Create(MethodSpec method, PrecisionKind precision = PrecisionKind.Fp32)
    {
        var loaded = ModelCatalogue.Default.Create(TinyModel.Name, seed: 5, torch.CPU);
        MethodSetup.Apply(loaded.Model, method);
        PrecisionSetup.Apply(loaded.Model, precision);
        return loaded;
    }

    /// <summary>(8, outputs) logits of the batch; the caller picks train or eval mode and grad.</summary>
    public static torch.Tensor Logits(PairClassifier model)
    {
        using var generator = new torch.Generator(17);
        using var ids = torch.randint(5, 900, [8, 12], generator: generator);
        using var types = torch.cat([torch.zeros(8, 6, torch.int64), torch.ones(8, 6, torch.int64)], 1);
        using var mask = torch.ones(8, 12, torch.int64);
        mask[0, 9..] = 0;
        mask[1, 10..] = 0;
        return model.call(ids, types, mask);
    }

    /// <summary>Each trainable parameter's gradient after a backward pass of the batch's summed logits, by name.</summary>
    public static Dictionary<string, torch.Tensor> Gradients(PairClassifier model, long seed)
    {
        torch.manual_seed(seed); // the same dropout draws for every model compared
        using (var logits = Logits(model))
        using (var weighted = logits * torch.linspace(-1, 1, logits.numel()).view(logits.shape))
        using (var sum = weighted.sum())
        {
            sum.backward();
        }

        return model.named_parameters().Where(p => p.parameter.requires_grad).ToDictionary(p => p.name, p => p.parameter.grad!.detach().clone());
    }
}
