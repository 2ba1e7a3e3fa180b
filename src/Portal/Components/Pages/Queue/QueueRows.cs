using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Components.Pages.Queue;

/// <summary>
/// How the queue page follows one changed run without reading every run again. Which list a run is in and where
/// depend only on its state and priority (and, once ended, its end time, set when its state changes), so a change of
/// anything else — a progress batch, the usual event — only replaces the run's row.
/// </summary>
public static class QueueRows
{
    /// <summary>
    /// Puts <paramref name="changed"/> in its row of <paramref name="unfinished"/> or <paramref name="ended"/>; false
    /// when the change can move it or add it (then the lists must be read again).
    /// </summary>
    public static bool TryReplace(List<RunRecord> unfinished, List<RunRecord> ended, RunRecord changed)
    {
        var row = unfinished.FindIndex(r => r.Id == changed.Id);
        if (row >= 0)
        {
            return Replace(unfinished, row, changed, unfinished[row].State == changed.State && unfinished[row].Priority == changed.Priority);
        }

        row = ended.FindIndex(r => r.Id == changed.Id);
        if (row >= 0)
        {
            return Replace(ended, row, changed, ended[row].State == changed.State);
        }

        // Every unfinished run is shown, so one not shown that is finished was finished before (its end time is older
        // than those shown): it stays out. An unfinished one is new to the queue.
        return changed.State.IsFinished();
    }

    private static bool Replace(List<RunRecord> rows, int row, RunRecord changed, bool staysPut)
    {
        if (staysPut)
        {
            rows[row] = changed;
        }

        return staysPut;
    }
}
