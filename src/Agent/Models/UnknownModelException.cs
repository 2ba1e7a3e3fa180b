namespace LabPortal.Agent.Models;

/// <summary>The spec names a model the catalogue does not have.</summary>
public sealed class UnknownModelException(string name, IEnumerable<string> known)
    : Exception($"Unknown model '{name}'. Known models: {string.Join(", ", known)}.")
{
    public string ModelName { get; } = name;
}
