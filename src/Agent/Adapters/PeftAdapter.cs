using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Safetensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Adapters;

/// <summary>
/// Saves a LoRA model's adapters in Hugging Face PEFT's layout — <c>adapter_config.json</c> and
/// <c>adapter_model.safetensors</c> with <c>base_model.model.&lt;module path&gt;.lora_A.weight</c> / <c>.lora_B.weight</c>
/// and the head — so <c>PeftModel.from_pretrained</c> (or <see cref="PeftAdapterLoader"/>) applies them to the
/// original base model.
/// </summary>
public static class PeftAdapter
{
    public const string WeightsFileName = "adapter_model.safetensors";

    /// <summary>The prefix PEFT puts before a module path (PeftModel.base_model is the LoraModel, its .model ours).</summary>
    public const string KeyPrefix = "base_model.model.";

    public const string ConversionMetadataKey = "labportal_conversion";

    public static string LoraAKey(string modulePath) => $"{KeyPrefix}{modulePath}.lora_A.weight";

    public static string LoraBKey(string modulePath) => $"{KeyPrefix}{modulePath}.lora_B.weight";

    /// <summary>
    /// Writes the adapter folder. <paramref name="settings"/> are those the adapters were injected with;
    /// <paramref name="baseModel"/> goes to base_model_name_or_path (the spec's model name or folder).
    /// </summary>
    /// <remarks>
    /// C2 (principal-component init) froze the residual W − s·B₀·A₀ instead of W, so A and B alone would be wrong on
    /// the original weights. As PEFT does for PiSSA, the adapter is saved converted to a plain LoRA on W: the trained
    /// update relative to W is s·(B·A − B₀·A₀) = s·[B, −B₀]·[A; A₀], a rank-2r adapter, with alpha doubled (× √2
    /// with rsLoRA) so the scaling stays s. The config then says r = 2r and init_lora_weights true, which is what the
    /// file now is; the safetensors metadata records the conversion.
    /// </remarks>
    public static void Save(PairClassifier model, LoraSettings settings, string baseModel, string folder)
    {
        var adapters = LoraInjector.Adapters(model);
        if (adapters.Count == 0)
        {
            throw new InvalidOperationException("The model has no LoRA adapters to save.");
        }

        if (adapters.FirstOrDefault(a => a.Layer.Rank != settings.Rank) is { Layer: not null } odd)
        {
            throw new InvalidOperationException($"The adapter at {odd.Path} has rank {odd.Layer.Rank}, not the settings' {settings.Rank}.");
        }

        var converted = adapters.All(a => a.Layer.InitialFactors is not null);
        if (!converted && adapters.Any(a => a.Layer.InitialFactors is not null))
        {
            throw new InvalidOperationException("Only some adapters were initialised from principal components; they cannot be saved as one adapter.");
        }

        using var scope = NewDisposeScope();
        var tensors = new List<(string Name, Tensor Tensor)>();
        foreach (var (path, layer) in adapters)
        {
            var (a, b) = converted ? ConvertedFactors(layer) : (layer.LoraA, layer.LoraB);
            tensors.Add((LoraAKey(path), a));
            tensors.Add((LoraBKey(path), b));
        }

        var modulesToSave = PeftHead.ModulesToSave(model);
        tensors.AddRange(PeftHead.Parameters(model, modulesToSave).Select(p => (KeyPrefix + p.Name, (Tensor)p.Parameter)));

        // The linear layers as PEFT sees the base model: the adapted ones, and the others outside any adapter.
        var adapted = adapters.Select(a => a.Path).ToList();
        var linearPaths = model.named_modules()
            .Where(m => m.module is Linear && !adapted.Any(path => m.name.StartsWith(path + ".", StringComparison.Ordinal)))
            .Select(m => m.name)
            .Concat(adapted)
            .ToList();
        var config = new PeftAdapterConfig
        {
            R = converted ? 2 * settings.Rank : settings.Rank,
            LoraAlpha = !converted ? settings.Alpha : settings.RsLora ? settings.Alpha * Math.Sqrt(2) : 2 * settings.Alpha,
            LoraDropout = settings.Dropout,
            TargetModules = PeftModuleNames.Describe(adapted, linearPaths),
            UseRslora = settings.RsLora,
            FanInFanOut = model.CheckpointNaming.FanInFanOut,
            BaseModelNameOrPath = baseModel,
            ModulesToSave = modulesToSave,
        };
        var metadata = converted
            ? new Dictionary<string, string>
            {
                [ConversionMetadataKey] = "C2 principal-component init converted to a plain LoRA on the original weights: lora_A = [A; A0], lora_B = [B, -B0], r and alpha doubled (alpha x sqrt 2 with rsLoRA)",
            }
            : null;

        Directory.CreateDirectory(folder);
        SafetensorsFile.Write(Path.Combine(folder, WeightsFileName), tensors, metadata);
        config.Write(Path.Combine(folder, PeftAdapterConfig.FileName));
    }

    /// <summary>[A; A₀] (2r × in) and [B, −B₀] (out × 2r): applied to W they add s·(B·A − B₀·A₀).</summary>
    private static (Tensor A, Tensor B) ConvertedFactors(LoraLinear layer)
    {
        var (a0, b0) = layer.InitialFactors!.Value;
        var a = cat([layer.LoraA.detach(), a0.to(layer.LoraA.device)], dim: 0);
        var b = cat([layer.LoraB.detach(), b0.to(layer.LoraB.device).neg()], dim: 1);
        return (a, b);
    }
}
