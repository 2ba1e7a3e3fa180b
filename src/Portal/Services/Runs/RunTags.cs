using LabPortal.Portal.Services.History;

namespace LabPortal.Portal.Services.Runs;

/// <summary>The rules a run's tags follow: trimmed, non-empty, short, few, and each once (ignoring case).</summary>
public static class RunTags
{
    /// <exception cref="ArgumentException">With a message naming the tag that breaks a rule.</exception>
    public static List<string> Normalise(IEnumerable<string> tags)
    {
        var clean = new List<string>();
        foreach (var raw in tags)
        {
            var tag = raw.Trim();
            if (tag.Length == 0)
            {
                throw new ArgumentException("A tag cannot be empty.");
            }

            if (tag.Length > RunHistory.MaxTagLength)
            {
                throw new ArgumentException($"The tag \"{tag}\" is longer than {RunHistory.MaxTagLength} characters.");
            }

            if (!clean.Contains(tag, StringComparer.OrdinalIgnoreCase))
            {
                clean.Add(tag);
            }
        }

        return clean.Count <= RunHistory.MaxTags
            ? clean
            : throw new ArgumentException($"A run can have at most {RunHistory.MaxTags} tags; this has {clean.Count}.");
    }
}
