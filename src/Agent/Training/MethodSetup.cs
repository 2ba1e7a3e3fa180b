using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Training;

/// <summary>Makes a freshly loaded model ready for a method: which weights train, and where adapters go.</summary>
public static class MethodSetup
{
    /// <summary>Applies the method and returns the module paths that received LoRA adapters (none for the other methods).</summary>
    public static IReadOnlyList<string> Apply(PairClassifier model, MethodSpec method)
    {
        var head = HeadPrefixes(model);
        switch (method.Kind)
        {
            case MethodKind.Full:
                SetTrainable(model, _ => true);
                return [];
            case MethodKind.HeadOnly:
                SetTrainable(model, name => head.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
                return [];
            case MethodKind.ZeroShot:
                SetTrainable(model, _ => false);
                return [];
            case MethodKind.Lora or MethodKind.EnhancedLora:
                var adapted = LoraInjector.Inject(model, LoraSettings.From(method));
                LoraInjector.MarkOnlyLoraAndHeadTrainable(model, head);
                return adapted;
            default:
                throw new ArgumentOutOfRangeException(nameof(method), method.Kind, "Unknown method.");
        }
    }

    /// <summary>
    /// The parameters that make up the classification head: the classifier, and RoBERTa's pooler when the head pools
    /// with it (it is RoBERTa's classifier.dense, trained whole as PEFT's modules_to_save=["classifier"] does).
    /// </summary>
    public static IReadOnlyList<string> HeadPrefixes(PairClassifier model) => model.HeadPrefixes;

    /// <summary>
    /// Whether weight decay may act on LoRA's A and B: not with C2, whose A and B start as W's principal components;
    /// decay would pull them (and so the function) toward the residual alone, as PiSSA warns.
    /// </summary>
    public static bool DecaysLoraFactors(MethodSpec method) => !(method.Kind == MethodKind.EnhancedLora && method.DecompositionInit);

    private static void SetTrainable(PairClassifier model, Func<string, bool> trains)
    {
        foreach (var (name, parameter) in model.named_parameters())
        {
            parameter.requires_grad = trains(name);
        }
    }
}
