namespace LabPortal.Shared.Experiments;

/// <summary>Where a run chooses its checkpoint, early stopping and thresholds: never on the file it reports, unless told.</summary>
public static class ModelSelection
{
    /// <summary>The label a run's numbers carry wherever they are shown when they were selected on the reported file.</summary>
    public const string SelectedOnEvaluationLabel = "selected on evaluation data";

    public const double MaxSelectionSplit = 0.5;

    /// <summary>Whether anything in the loop is chosen by an evaluation (best checkpoint or early stopping).</summary>
    public static bool SelectsCheckpoint(TrainingSpec training) =>
        training.BestMetric != CheckpointMetric.Last || training.EarlyStoppingPatience > 0;

    /// <summary>
    /// The run chooses its checkpoint on the validation file it reports: no selection split is held out and the loop
    /// selects. (Thresholds then come from the training pairs, which is not the reported file.)
    /// </summary>
    public static bool SelectsOnEvaluation(ExperimentSpec spec) =>
        spec.Training.SelectionSplit <= 0 && SelectsCheckpoint(spec.Training);
}
