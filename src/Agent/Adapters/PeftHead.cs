using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Adapters;

/// <summary>
/// The head PEFT saves whole beside a sequence classifier's adapters (<c>modules_to_save</c>), by its Hugging Face
/// names: BERT's <c>classifier</c> (and <c>bert.pooler</c> when it trained); RoBERTa's <c>classifier</c>, which
/// holds the dense layer this model calls its pooler (seeded, not pretrained, so it must travel with the adapter).
/// </summary>
public static class PeftHead
{
    public const string Classifier = "classifier";
    public const string Pooler = "pooler";

    /// <summary>What a trained model's adapter must carry besides the LoRA weights.</summary>
    public static IReadOnlyList<string> ModulesToSave(BertForPairClassification model)
    {
        var poolerTrained = model.named_parameters()
            .Any(p => p.parameter.requires_grad && InModule(Pooler, CheckpointKeys.Exported(p.name, model.Config)));
        return poolerTrained && model.Config.Family == EncoderFamily.Bert ? [Classifier, Pooler] : [Classifier];
    }

    /// <summary>The parameters inside those modules, with their Hugging Face names (no PEFT prefix), in model order.</summary>
    public static IReadOnlyList<(string Name, Parameter Parameter)> Parameters(BertForPairClassification model, IReadOnlyCollection<string> modulesToSave) =>
        model.named_parameters()
            .Select(p => (Name: CheckpointKeys.Exported(p.name, model.Config), p.parameter))
            .Where(p => modulesToSave.Any(module => InModule(module, p.Name)))
            .ToList();

    /// <summary>Whether the parameter lies inside a module the name selects (any enclosing module path may match).</summary>
    private static bool InModule(string module, string parameterName)
    {
        var segments = parameterName.Split('.');
        return Enumerable.Range(1, segments.Length - 1).Any(k => PeftModuleNames.Matches(module, string.Join('.', segments.Take(k))));
    }
}
