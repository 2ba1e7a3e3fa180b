namespace LabPortal.Portal.Services.History;

/// <summary>
/// History's column orders. Text ignores case; a run without a result has no accuracy or F1 and sorts below every
/// run with one (last when descending). Ties keep the newest run first when descending, the oldest when ascending.
/// </summary>
internal static class HistoryOrder
{
    public static IEnumerable<HistoryRow> Sort(IEnumerable<HistoryRow> rows, HistorySort sort, bool descending)
    {
        var ordered = sort switch
        {
            HistorySort.Experiment => By(rows, r => r.ExperimentName, descending),
            HistorySort.Variant => By(rows, r => r.Variant, descending),
            HistorySort.Seed => By(rows, r => r.Seed, descending),
            // By name, as the stored state reads.
            HistorySort.State => By(rows, r => r.State.ToString(), descending),
            HistorySort.Model => By(rows, r => r.Model, descending),
            HistorySort.Task => By(rows, r => r.Task, descending),
            HistorySort.Method => By(rows, r => r.Method, descending),
            HistorySort.CreatedBy => By(rows, r => r.CreatedBy, descending),
            HistorySort.Accuracy => By(rows, r => r.Accuracy, descending),
            HistorySort.F1 => By(rows, r => r.F1, descending),
            _ => By(rows, r => r.Id, descending),
        };
        return descending ? ordered.ThenByDescending(r => r.Id) : ordered.ThenBy(r => r.Id);
    }

    private static IOrderedEnumerable<HistoryRow> By(IEnumerable<HistoryRow> rows, Func<HistoryRow, string> key, bool descending) =>
        descending ? rows.OrderByDescending(key, StringComparer.OrdinalIgnoreCase) : rows.OrderBy(key, StringComparer.OrdinalIgnoreCase);

    // Nulls compare below every value in .NET's default comparer, so runs without a result come last when descending.
    private static IOrderedEnumerable<HistoryRow> By<T>(IEnumerable<HistoryRow> rows, Func<HistoryRow, T> key, bool descending) =>
        descending ? rows.OrderByDescending(key) : rows.OrderBy(key);
}
