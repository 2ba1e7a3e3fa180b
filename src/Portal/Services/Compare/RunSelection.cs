using System.Globalization;
using LabPortal.Portal.Storage;

namespace LabPortal.Portal.Services.Compare;

/// <summary>The runs a compare link names ("runs=3,7,12"), read in the order given.</summary>
public sealed class RunSelection(RunStore runs)
{
    public const int MaxRuns = 20;

    /// <summary>The ids in <paramref name="text"/>; null and a message when it is not a list of run ids.</summary>
    public static IReadOnlyList<int>? ParseIds(string? text, out string error)
    {
        error = "";
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            error = "runs: name the runs to compare, for example runs=3,7.";
            return null;
        }

        var ids = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            {
                error = $"runs: '{part}' is not a run id; give run numbers separated by commas, for example runs=3,7.";
                return null;
            }

            if (!ids.Contains(id))
            {
                ids.Add(id);
            }
        }

        if (ids.Count > MaxRuns)
        {
            error = $"runs: at most {MaxRuns} runs can be compared at once; {ids.Count} were given.";
            return null;
        }

        return ids;
    }

    /// <summary>The stored runs, and the ids that have none.</summary>
    public (IReadOnlyList<RunRecord> Found, IReadOnlyList<int> Missing) Load(IReadOnlyList<int> ids)
    {
        var found = ids.Select(id => (Id: id, Run: runs.Get(id))).ToList();
        return (found.Where(f => f.Run is not null).Select(f => f.Run!).ToList(), found.Where(f => f.Run is null).Select(f => f.Id).ToList());
    }
}
