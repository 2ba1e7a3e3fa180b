namespace LabPortal.Shared.Runs;

public static class RunStateExtensions
{
    /// <summary>True once a run can change no more.</summary>
    public static bool IsFinished(this RunState state) =>
        state is RunState.Succeeded or RunState.Failed or RunState.Canceled;
}
