using LabPortal.Agent.Models;
using TorchSharp.Modules;
using static TorchSharp.torch.nn;

namespace LabPortal.Agent.Lora;

/// <summary>Puts LoRA layers in place of the targeted linear layers and freezes everything but them and the head.</summary>
public static class LoraInjector
{
    /// <summary>Replaces each targeted linear layer with a <see cref="LoraLinear"/> and returns the adapted paths.</summary>
    public static IReadOnlyList<string> Inject(Module model, LoraSettings settings)
    {
        var targets = model.named_modules()
            .Where(m => m.module is Linear && LoraTargets.Selects(settings.TargetModules, m.name))
            .Select(m => m.name)
            .ToList();
        if (targets.Count == 0)
        {
            throw new InvalidOperationException($"No linear layer matches the LoRA targets {string.Join(", ", settings.TargetModules)}.");
        }

        return InjectAt(model, targets, settings);
    }

    /// <summary>
    /// Puts adapters on the linear layers at exactly these module paths (<see cref="LoraSettings.TargetModules"/> is
    /// not consulted): loading a saved adapter names its layers itself.
    /// </summary>
    public static IReadOnlyList<string> InjectAt(Module model, IReadOnlyList<string> paths, LoraSettings settings)
    {
        var modules = model.named_modules().ToDictionary(m => m.name, m => m.module);
        foreach (var path in paths)
        {
            var adapter = new LoraLinear((Linear)modules[path], settings.Rank, settings.Alpha, settings.Dropout, settings.RsLora);
            if (settings.DecompositionInit)
            {
                adapter.InitializeFromPrincipalComponents();
            }

            var parentPath = path[..path.LastIndexOf('.')];
            var parent = modules[parentPath] as IAdaptableLinears
                ?? throw new InvalidOperationException($"The {modules[parentPath].GetType().Name} at '{parentPath}' cannot take a LoRA layer in place of its linear layers.");
            parent.ReplaceLinear(path[(parentPath.Length + 1)..], adapter);
        }

        return paths;
    }

    /// <summary>
    /// Only the LoRA matrices and the classification head train (PEFT's modules_to_save for sequence classification);
    /// the head is every parameter under one of <paramref name="headPrefixes"/> (by default the classifier).
    /// </summary>
    public static void MarkOnlyLoraAndHeadTrainable(Module model, IReadOnlyList<string>? headPrefixes = null)
    {
        headPrefixes ??= ["classifier."];
        foreach (var (name, parameter) in model.named_parameters())
        {
            parameter.requires_grad = name.Contains(".lora_A.", StringComparison.Ordinal)
                || name.Contains(".lora_B.", StringComparison.Ordinal)
                || headPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    /// <summary>The adapters in the model, by module path.</summary>
    public static IReadOnlyList<(string Path, LoraLinear Layer)> Adapters(Module model) =>
        model.named_modules().Where(m => m.module is LoraLinear).Select(m => (m.name, (LoraLinear)m.module)).ToList();
}
