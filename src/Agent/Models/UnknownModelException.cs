namespace LabPortal.Agent.Models;

/// <summary>The spec names a model the catalogue does not have, and no checkpoint folder of that name exists.</summary>
public sealed class UnknownModelException(string name, IEnumerable<string> known)
    : Exception($"Unknown model '{name}'. Known models: {string.Join(", ", known)}, or a checkpoint folder under the data root.")
{
    public string ModelName { get; } = name;
}
