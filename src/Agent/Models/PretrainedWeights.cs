using static TorchSharp.torch;

namespace LabPortal.Agent.Models;

/// <summary>
/// Copies pretrained encoder weights into a model, all or nothing: every <c>bert.…</c> parameter of the model must
/// have a tensor of the same shape and every tensor a parameter, checked before the first copy. Other parameters
/// (the classifier head) keep their initialisation.
/// </summary>
public static class PretrainedWeights
{
    public static void Copy(IReadOnlyDictionary<string, Tensor> tensors, nn.Module model, string source)
    {
        var parameters = model.named_parameters()
            .Where(p => p.name.StartsWith(BertParameterLayout.Prefix, StringComparison.Ordinal))
            .ToDictionary(p => p.name, p => p.parameter);

        var problems = new List<string>();
        problems.AddRange(parameters.Keys.Where(name => !tensors.ContainsKey(name)).Select(name => $"no tensor for {name}"));
        foreach (var (name, tensor) in tensors)
        {
            if (!parameters.TryGetValue(name, out var parameter))
            {
                problems.Add($"the model has no parameter {name}");
            }
            else if (!parameter.shape.SequenceEqual(tensor.shape))
            {
                problems.Add($"{name} has shape [{string.Join(", ", tensor.shape)}], the model expects [{string.Join(", ", parameter.shape)}]");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidDataException($"{source}: the weights do not fit the model: {string.Join("; ", problems)}.");
        }

        using var noGrad = no_grad();
        foreach (var (name, parameter) in parameters)
        {
            parameter.copy_(tensors[name]);
        }
    }
}
