using LabPortal.Shared.Experiments;

namespace LabPortal.Shared.Validation;

/// <summary>The checks of the loop options (accumulation, evaluation, best checkpoint, early stopping), one message per bad field.</summary>
internal static class TrainingLoopChecks
{
    public const int MaxAccumulationSteps = 1024;

    public static void Check(TrainingSpec training, Action<string, string> fail)
    {
        if (training.GradientAccumulationSteps < 1 || training.GradientAccumulationSteps > MaxAccumulationSteps)
        {
            fail("training.gradientAccumulationSteps",
                $"Gradient accumulation must be between 1 and {MaxAccumulationSteps} micro-batches per step (got {training.GradientAccumulationSteps}).");
        }

        if (training.EvalEverySteps < 0)
        {
            fail("training.evalEverySteps", $"Evaluate every 0 (only at epoch ends) or more steps (got {training.EvalEverySteps}).");
        }

        if (!Enum.IsDefined(training.BestMetric))
        {
            fail("training.bestMetric", $"Unknown best metric {(int)training.BestMetric}; choose last, accuracy, f1, mcc, loss, pearson or spearman.");
        }

        if (training.EarlyStoppingPatience < 0)
        {
            fail("training.earlyStoppingPatience", $"Early-stopping patience must be 0 (off) or more evaluations (got {training.EarlyStoppingPatience}).");
        }
        else if (training.EarlyStoppingPatience > 0 && training.BestMetric == CheckpointMetric.Last)
        {
            // Patience counts evaluations without improvement, which needs a metric to improve.
            fail("training.earlyStoppingPatience", "Early stopping needs a best metric (accuracy, f1, mcc or loss), not last.");
        }
    }
}
