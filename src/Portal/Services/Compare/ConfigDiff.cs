namespace LabPortal.Portal.Services.Compare;

/// <summary>The compared runs' specs side by side, field by field, in the order the first spec has them.</summary>
public static class ConfigDiff
{
    public static IReadOnlyList<ConfigDiffRow> Of(IReadOnlyList<string> specJsons)
    {
        var flattened = specJsons.Select(json => SpecFlattener.Flatten(json).ToDictionary(f => f.Key, f => f.Value)).ToList();
        var paths = specJsons.SelectMany(SpecFlattener.Flatten).Select(f => f.Key).Distinct();
        return paths
            .Select(path => new ConfigDiffRow(path, flattened.Select(fields => fields.GetValueOrDefault(path)).ToList()))
            .ToList();
    }
}
