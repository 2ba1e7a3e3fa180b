using LabPortal.Agent.Lora;
using LabPortal.Shared.Experiments;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>Makes a freshly loaded model ready for a method: which weights train, and where adapters go.</summary>
public static class MethodSetup
{
    private const string HeadPrefix = "classifier.";

    /// <summary>Applies the method and returns the module paths that received LoRA adapters (none for full and head-only).</summary>
    public static IReadOnlyList<string> Apply(nn.Module model, MethodSpec method)
    {
        switch (method.Kind)
        {
            case MethodKind.Full:
                SetTrainable(model, _ => true);
                return [];
            case MethodKind.HeadOnly:
                SetTrainable(model, name => name.StartsWith(HeadPrefix, StringComparison.Ordinal));
                return [];
            case MethodKind.Lora or MethodKind.EnhancedLora:
                var adapted = LoraInjector.Inject(model, LoraSettings.From(method));
                LoraInjector.MarkOnlyLoraAndHeadTrainable(model, HeadPrefix);
                return adapted;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method.Kind, "Unknown method.");
        }
    }

    private static void SetTrainable(nn.Module model, Func<string, bool> trains)
    {
        foreach (var (name, parameter) in model.named_parameters())
        {
            parameter.requires_grad = trains(name);
        }
    }
}
