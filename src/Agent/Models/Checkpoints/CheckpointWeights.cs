using LabPortal.Agent.Models.Safetensors;
using static TorchSharp.torch;

namespace LabPortal.Agent.Models.Checkpoints;

/// <summary>
/// Fills a model from a checkpoint's weights file. Everything is read and checked first (every tensor present, of
/// the model's shape, floating point); only then are the values copied, so a failed load changes nothing.
/// </summary>
public static class CheckpointWeights
{
    // Enough names to act on without flooding a run's failure message.
    private const int ListedProblems = 8;

    public static WeightLoadSummary Load(PairClassifier model, string weightsPath)
    {
        var stateDict = Read(weightsPath);
        try
        {
            Untranspose(stateDict, model.CheckpointNaming);
            var (plan, summary) = Plan(model, stateDict, weightsPath);
            using (no_grad())
            {
                foreach (var (parameter, source) in plan)
                {
                    parameter.copy_(source); // converts F16/BF16/F64 to the parameter's dtype and device
                }
            }

            return summary;
        }
        finally
        {
            foreach (var tensor in stateDict.Values)
            {
                tensor.Dispose();
            }
        }
    }

    /// <summary>Reads model.safetensors, the shards a model.safetensors.index.json lists, or pytorch_model.bin to CPU tensors by name.</summary>
    public static Dictionary<string, Tensor> Read(string weightsPath) =>
        weightsPath.EndsWith(CheckpointFiles.ShardedSafetensorsIndex, StringComparison.Ordinal) ? ShardedSafetensors.Read(weightsPath, ReadSafetensors)
        : Path.GetExtension(weightsPath) == ".safetensors" ? ReadSafetensors(weightsPath)
        : PytorchStateDictFile.Read(weightsPath);

    /// <summary>Turns weights stored (in, out) into the (out, in) of the model's linear layers (GPT-2's Conv1D).</summary>
    private static void Untranspose(Dictionary<string, Tensor> stateDict, ICheckpointNaming naming)
    {
        foreach (var key in stateDict.Keys.ToList())
        {
            if (stateDict[key].dim() == 2 && naming.StoredTransposed(naming.CanonicalTensor(key, out _)))
            {
                using var stored = stateDict[key];
                stateDict[key] = stored.t().contiguous();
            }
        }
    }

    // The codec is shared with the weight cache and knows nothing of checkpoints; here a bad file is a checkpoint error.
    private static Dictionary<string, Tensor> ReadSafetensors(string path)
    {
        try
        {
            return SafetensorsFile.Read(path).Tensors;
        }
        catch (InvalidDataException exception)
        {
            throw new CheckpointException(exception.Message, exception);
        }
    }

    private static (List<(Tensor Parameter, Tensor Source)> Plan, WeightLoadSummary Summary) Plan(
        PairClassifier model, Dictionary<string, Tensor> stateDict, string path)
    {
        var naming = model.CheckpointNaming;
        var byCanonical = new Dictionary<string, (string Key, Tensor Tensor)>();
        foreach (var (key, tensor) in stateDict)
        {
            var canonical = naming.CanonicalTensor(key, out var preferred);
            // A RoBERTa classification head is the trained one: it wins over a pre-training pooler of the same place.
            if (preferred)
            {
                byCanonical[canonical] = (key, tensor);
            }
            else
            {
                byCanonical.TryAdd(canonical, (key, tensor));
            }
        }

        var plan = new List<(Tensor, Tensor)>();
        var loaded = new List<string>();
        var kept = new List<string>();
        var problems = new List<string>();
        var used = new HashSet<string>();
        var parameters = model.named_parameters().Select(p => (Name: p.name, Parameter: p.parameter, Canonical: naming.CanonicalParameter(p.name))).ToList();

        // The classification head is loaded whole or not at all: absent or of another shape (another number of labels), it keeps its seeded init.
        var head = parameters.Where(p => naming.IsClassifier(p.Canonical)).ToList();
        var headFits = head.All(p => byCanonical.TryGetValue(p.Canonical, out var found)
            && found.Tensor.shape.SequenceEqual(p.Parameter.shape) && found.Tensor.is_floating_point());
        foreach (var (name, parameter, canonical) in parameters)
        {
            var isHead = naming.IsClassifier(canonical);
            if (isHead && !headFits)
            {
                kept.Add(name);
                continue;
            }

            if (!byCanonical.TryGetValue(canonical, out var found))
            {
                if (naming.IsOptional(canonical))
                {
                    kept.Add(name);
                }
                else
                {
                    problems.Add($"tensor '{name}' is missing");
                }

                continue;
            }

            used.Add(found.Key);
            if (!found.Tensor.shape.SequenceEqual(parameter.shape))
            {
                problems.Add($"tensor '{found.Key}' has shape [{string.Join(", ", found.Tensor.shape)}] but the model needs [{string.Join(", ", parameter.shape)}]");
            }
            else if (!found.Tensor.is_floating_point())
            {
                problems.Add($"tensor '{found.Key}' holds {found.Tensor.dtype}, not floating-point weights");
            }
            else
            {
                plan.Add((parameter, found.Tensor));
                loaded.Add(name);
            }
        }

        if (problems.Count > 0)
        {
            var listed = string.Join("; ", problems.Take(ListedProblems));
            var more = problems.Count > ListedProblems ? $"; and {problems.Count - ListedProblems} more" : "";
            throw new CheckpointException($"{path} does not fit the model of its config.json: {listed}{more}.");
        }

        var unused = stateDict.Keys.Where(k => !used.Contains(k)).Order(StringComparer.Ordinal).ToList();
        return (plan, new WeightLoadSummary(loaded, kept, unused));
    }
}
