namespace LabPortal.Portal.Components.Shared;

/// <summary>Seeds as a person reads them: all of a few, the first five and the last of many.</summary>
public static class SeedList
{
    public static string Text(IReadOnlyList<int> seeds) =>
        seeds.Count == 0 ? "none" : $"{string.Join(", ", seeds.Take(5))}{(seeds.Count > 5 ? $", … {seeds[^1]}" : "")}";
}
