using LabPortal.Shared.Experiments;
using LabPortal.Shared;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>Tasks and method kinds as specs (and so runs' facets) spell them, for filter lists and query checks.</summary>
public static class SpecNames
{
    public static IReadOnlyList<string> Tasks { get; } = Enum.GetValues<TaskKind>().Select(LabJson.NameOf).ToList();

    public static IReadOnlyList<string> Methods { get; } = Enum.GetValues<MethodKind>().Select(LabJson.NameOf).ToList();
}
