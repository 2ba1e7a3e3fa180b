namespace LabPortal.Portal.Services.History;

/// <summary>A filter as a test of one row. Empty fields do not filter; text comparisons ignore case.</summary>
internal static class HistoryMatch
{
    public static Func<HistoryRow, bool> Of(HistoryFilter filter)
    {
        var tests = new List<Func<HistoryRow, bool>>();
        if (filter.State is { } state)
        {
            tests.Add(r => r.State == state);
        }

        AddEquals(tests, filter.CreatedBy, r => r.CreatedBy);
        AddEquals(tests, filter.Model, r => r.Model);
        AddEquals(tests, filter.Task, r => r.Task);
        AddEquals(tests, filter.Method, r => r.Method);
        if (Given(filter.Tag) is { } tag)
        {
            tests.Add(r => r.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase));
        }

        if (filter.CreatedFrom is { } from)
        {
            var start = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            tests.Add(r => r.CreatedAt >= start);
        }

        if (filter.CreatedTo is { } to)
        {
            var end = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            tests.Add(r => r.CreatedAt < end);
        }

        if (Given(filter.Search) is { } text)
        {
            var lower = text.ToLowerInvariant();
            tests.Add(r => r.SearchText.Contains(lower, StringComparison.Ordinal));
        }

        return row => tests.TrueForAll(test => test(row));
    }

    private static void AddEquals(List<Func<HistoryRow, bool>> tests, string? wanted, Func<HistoryRow, string> field)
    {
        if (Given(wanted) is { } value)
        {
            tests.Add(r => string.Equals(field(r), value, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static string? Given(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
