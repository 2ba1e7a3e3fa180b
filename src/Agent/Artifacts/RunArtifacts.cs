using System.Text.Json;
using LabPortal.Agent.Adapters;
using LabPortal.Agent.Evaluation;
using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Agent.Training;
using LabPortal.Shared;
using LabPortal.Shared.Runs;
using LabPortal.Shared.Experiments;
using static TorchSharp.torch;

namespace LabPortal.Agent.Artifacts;

/// <summary>
/// What a finished run leaves in its artifact folder: the trained weights that are not in the base model, the
/// validation predictions and result.json (<see cref="RunResult"/> with the spec). The weights by method:
/// <list type="bullet">
/// <item>lora, enhanced-lora: <c>adapter/</c> in PEFT's layout (C2 converted so it applies to the original base).</item>
/// <item>head-only: <c>head.safetensors</c>, the classifier by Hugging Face names; the base is the spec's model.</item>
/// <item>full: none. Every weight changed, so only a whole checkpoint would do, and one per run is too large to
/// write unasked (<see cref="Models.Checkpoints.CheckpointWriter"/> exports one on purpose).</item>
/// </list>
/// result.json is written last: a folder with it is complete.
/// </summary>
public static class RunArtifacts
{
    // The portal stores these under the same names (the adapter folder as adapter.zip): one list, in Shared.
    public const string AdapterFolder = "adapter";
    public const string HeadFile = ArtifactNames.Head;
    public const string ResultFile = ArtifactNames.Result;

    private static readonly JsonSerializerOptions Indented = new(LabJson.Options) { WriteIndented = true };

    public static void Write(string folder, ExperimentSpec spec, PairClassifier model, TrainingResult result)
    {
        Directory.CreateDirectory(folder);
        WriteWeights(folder, spec, model);

        var matching = result is { DecidedByMatchingScore: true, MatchingThreshold: { } threshold, MatchingGamma: { } gamma, MatchingDelta: { } delta }
            ? (new DensityMatching(gamma, delta), threshold)
            : default((DensityMatching, double)?);
        PredictionsFile.Write(Path.Combine(folder, PredictionsFile.FileName), result.ValidationScores, matching);

        var json = JsonSerializer.Serialize(RunResult.From(spec, result, Path.GetFullPath(folder)), Indented);
        File.WriteAllText(Path.Combine(folder, ResultFile), json + "\n");
    }

    /// <summary>The weights' file or folder name for a method, or null when it leaves none.</summary>
    public static string? WeightsName(MethodKind method) => method switch
    {
        MethodKind.Lora or MethodKind.EnhancedLora => AdapterFolder,
        MethodKind.HeadOnly => HeadFile,
        _ => null,
    };

    private static void WriteWeights(string folder, ExperimentSpec spec, PairClassifier model)
    {
        switch (spec.Method.Kind)
        {
            case MethodKind.Lora or MethodKind.EnhancedLora:
                PeftAdapter.Save(model, LoraSettings.From(spec.Method), spec.Model, Path.Combine(folder, AdapterFolder));
                break;
            case MethodKind.HeadOnly:
                var head = PeftHead.Parameters(model, [model.ClassifierName]).Select(p => (p.Name, (Tensor)p.Parameter)).ToList();
                SafetensorsFile.Write(Path.Combine(folder, HeadFile), head, new Dictionary<string, string> { ["base_model"] = spec.Model });
                break;
        }
    }
}
