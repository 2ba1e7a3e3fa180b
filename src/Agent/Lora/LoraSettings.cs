using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Lora;

/// <summary>What to inject: rank, alpha, dropout, rsLoRA, which linear layers, and C2's initialisation.</summary>
public sealed record LoraSettings(int Rank, double Alpha, double Dropout, bool RsLora, IReadOnlyList<string> TargetModules, bool DecompositionInit)
{
    public static LoraSettings From(MethodSpec method) => new(
        method.Rank, method.Alpha, method.Dropout, method.RsLora, method.TargetModules,
        DecompositionInit: method.Kind == MethodKind.EnhancedLora && method.DecompositionInit);
}
