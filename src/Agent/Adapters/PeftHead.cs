using LabPortal.Agent.Models;
using TorchSharp.Modules;

namespace LabPortal.Agent.Adapters;

/// <summary>
/// The head PEFT saves whole beside a sequence classifier's adapters (<c>modules_to_save</c>), by its Hugging Face
/// names; which modules those are is the model's to say (<see cref="PairClassifier.ModulesToSave"/>).
/// </summary>
public static class PeftHead
{
    /// <summary>What a trained model's adapter must carry besides the LoRA weights.</summary>
    public static IReadOnlyList<string> ModulesToSave(PairClassifier model) => model.ModulesToSave();

    /// <summary>The parameters inside those modules, with their Hugging Face names (no PEFT prefix), in model order.</summary>
    public static IReadOnlyList<(string Name, Parameter Parameter)> Parameters(PairClassifier model, IReadOnlyCollection<string> modulesToSave) =>
        model.named_parameters()
            .Select(p => (Name: model.ExportedName(p.name), p.parameter))
            .Where(p => modulesToSave.Any(module => InModule(module, p.Name)))
            .ToList();

    /// <summary>Whether the parameter lies inside a module the name selects (any enclosing module path may match).</summary>
    private static bool InModule(string module, string parameterName)
    {
        var segments = parameterName.Split('.');
        return Enumerable.Range(1, segments.Length - 1).Any(k => PeftModuleNames.Matches(module, string.Join('.', segments.Take(k))));
    }
}
