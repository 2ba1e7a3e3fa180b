using LabPortal.Agent.Lora;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Safetensors;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Adapters;

/// <summary>
/// Applies a PEFT LoRA adapter folder to a freshly built model: injects adapters where the config's target_modules
/// say, with its rank, alpha and rsLoRA, and copies the saved weights and head. Everything is checked before the
/// model is touched, so a bad folder (missing or mis-shaped tensor, truncated file, config PEFT-only features) is
/// an error naming the file and tensor and leaves the model as it was.
/// </summary>
public static class PeftAdapterLoader
{
    public static PeftAdapterConfig Load(PairClassifier model, string folder)
    {
        var configPath = Path.Combine(folder, PeftAdapterConfig.FileName);
        var weightsPath = Path.Combine(folder, PeftAdapter.WeightsFileName);
        foreach (var file in new[] { configPath, weightsPath })
        {
            if (!File.Exists(file))
            {
                throw new FileNotFoundException($"The adapter folder {folder} has no {Path.GetFileName(file)}.", file);
            }
        }

        if (LoraInjector.Adapters(model).Count > 0)
        {
            throw new InvalidOperationException("The model already has LoRA adapters; load an adapter onto a freshly built model.");
        }

        var config = PeftAdapterConfig.Read(configPath);
        if (config.FanInFanOut && !model.CheckpointNaming.FanInFanOut)
        {
            throw new InvalidDataException($"{configPath}: fan_in_fan_out is true, but this model's linear layers are stored (out, in), not as GPT-2's Conv1D.");
        }

        var linear = model.named_modules().Where(m => m.module is Linear).ToDictionary(m => m.name, m => ((Linear)m.module).weight!);
        var targets = PeftModuleNames.Select(config.TargetModules, linear.Keys);
        if (targets.Count == 0)
        {
            throw new InvalidDataException($"{configPath}: target_modules [{string.Join(", ", config.TargetModules)}] match no linear layer of the model.");
        }

        var expected = new Dictionary<string, long[]>();
        foreach (var path in targets)
        {
            // r may exceed the layer's smaller side (C2's adapters are saved at twice their rank, PEFT allows it):
            // the file's tensors are checked against these shapes before anything is allocated for the model.
            var (outFeatures, inFeatures) = (linear[path].shape[0], linear[path].shape[1]);
            expected[PeftAdapter.LoraAKey(path)] = [config.R, inFeatures];
            expected[PeftAdapter.LoraBKey(path)] = [outFeatures, config.R];
        }

        var head = PeftHead.Parameters(model, config.ModulesToSave ?? []);
        foreach (var (name, parameter) in head)
        {
            expected[PeftAdapter.KeyPrefix + name] = parameter.shape;
        }

        var contents = SafetensorsFile.Read(weightsPath);
        try
        {
            Check(weightsPath, expected, contents.Tensors);
            LoraInjector.InjectAt(model, targets, config.ToSettings());
            using var guard = no_grad();
            foreach (var (path, layer) in LoraInjector.Adapters(model))
            {
                layer.LoraA.copy_(contents.Tensors[PeftAdapter.LoraAKey(path)]);
                layer.LoraB.copy_(contents.Tensors[PeftAdapter.LoraBKey(path)]);
            }

            foreach (var (name, parameter) in head)
            {
                parameter.copy_(contents.Tensors[PeftAdapter.KeyPrefix + name]);
            }
        }
        finally
        {
            foreach (var tensor in contents.Tensors.Values)
            {
                tensor.Dispose();
            }
        }

        return config;
    }

    private static void Check(string file, Dictionary<string, long[]> expected, Dictionary<string, Tensor> saved)
    {
        foreach (var (key, shape) in expected)
        {
            if (!saved.TryGetValue(key, out var tensor))
            {
                throw new InvalidDataException($"{file}: the tensor '{key}' is missing.");
            }

            if (!tensor.shape.SequenceEqual(shape) || !tensor.is_floating_point())
            {
                throw new InvalidDataException(
                    $"{file}: the tensor '{key}' is {tensor.dtype} [{string.Join(", ", tensor.shape)}]; the model needs a floating-point [{string.Join(", ", shape)}].");
            }
        }

        if (saved.Keys.FirstOrDefault(k => !expected.ContainsKey(k)) is { } unexpected)
        {
            throw new InvalidDataException($"{file}: the tensor '{unexpected}' matches nothing the config selects (target_modules, modules_to_save).");
        }
    }
}
