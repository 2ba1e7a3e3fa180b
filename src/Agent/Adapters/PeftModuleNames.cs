namespace LabPortal.Agent.Adapters;

/// <summary>
/// PEFT's rule for naming modules in <c>target_modules</c> and <c>modules_to_save</c>: a module is meant when its
/// path equals a name or ends with "." + the name.
/// </summary>
public static class PeftModuleNames
{
    public static bool Matches(string name, string modulePath) =>
        modulePath == name || modulePath.EndsWith("." + name, StringComparison.Ordinal);

    /// <summary>The paths among <paramref name="candidates"/> that any of <paramref name="names"/> selects, in candidate order.</summary>
    public static IReadOnlyList<string> Select(IReadOnlyCollection<string> names, IEnumerable<string> candidates) =>
        candidates.Where(path => names.Any(name => Matches(name, path))).ToList();

    /// <summary>
    /// The shortest names that select exactly <paramref name="adapted"/> among <paramref name="candidates"/>: the last
    /// path segment when that is unambiguous (["query", "value"]), else longer suffixes ("intermediate.dense"), up to
    /// whole paths — so the file means the same layers to PEFT as to us.
    /// </summary>
    public static IReadOnlyList<string> Describe(IReadOnlyList<string> adapted, IReadOnlyList<string> candidates)
    {
        var wanted = adapted.ToHashSet();
        var longest = adapted.Max(p => p.Split('.').Length);
        for (var segments = 1; segments < longest; segments++)
        {
            var names = adapted.Select(p => string.Join('.', p.Split('.').TakeLast(segments))).Distinct().ToList();
            if (Select(names, candidates).ToHashSet().SetEquals(wanted))
            {
                return names;
            }
        }

        return adapted;
    }
}
