using System.Reflection;
using TorchSharp.Utils;
using Module = TorchSharp.torch.nn.Module;

namespace LabPortal.Agent.Lora;

/// <summary>
/// Swaps a child module for another, like Python's <c>setattr(parent, name, new)</c>: TorchSharp modules keep
/// children both in a registry (for names and parameters) and in fields (which forward() calls), so both change.
/// </summary>
public static class ModuleSurgery
{
    public static void Replace(Module parent, string childName, Module replacement)
    {
        var field = FieldOf(parent.GetType(), childName)
            ?? throw new InvalidOperationException($"{parent.GetType().Name} has no field for the child module '{childName}'.");
        if (!field.FieldType.IsInstanceOfType(replacement))
        {
            throw new InvalidOperationException(
                $"{parent.GetType().Name}.{field.Name} is a {field.FieldType.Name}; a {replacement.GetType().Name} cannot take its place.");
        }

        field.SetValue(parent, replacement);
        // register_module refuses a name it already has, so the registry entry is replaced directly.
        var registry = RegistryField.GetValue(parent)
            ?? throw new InvalidOperationException($"{parent.GetType().Name} has no child module registry.");
        var indexer = registry.GetType().GetProperty("Item", [typeof(string)])
            ?? throw new InvalidOperationException($"The child module registry ({registry.GetType().Name}) has no indexer.");
        indexer.SetValue(registry, replacement, [childName]);
    }

    private static FieldInfo RegistryField { get; } =
        typeof(Module).GetField("_internal_submodules", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("This TorchSharp version keeps child modules elsewhere than _internal_submodules.");

    /// <summary>The field registered under <paramref name="childName"/>: named by [ComponentName] or by itself.</summary>
    private static FieldInfo? FieldOf(Type type, string childName) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)
            .FirstOrDefault(f => (f.GetCustomAttribute<ComponentNameAttribute>()?.Name ?? f.Name) == childName);
}
