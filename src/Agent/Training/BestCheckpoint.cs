using LabPortal.Agent.Evaluation;
using LabPortal.Shared.Experiments;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// Keeps the evaluation that picks the reported model — the latest one, or the best by a metric — and, for a
/// metric, an in-memory copy of the trainable parameters (LoRA and head, or all for full fine-tuning) at that
/// evaluation, so <see cref="Restore"/> can put them back. Also counts evaluations without improvement for early stopping.
/// </summary>
public sealed class BestCheckpoint(CheckpointMetric metric, int patience, IReadOnlyList<Parameter> trainable) : IDisposable
{
    private readonly List<Tensor> _saved = [];
    private int _evaluationsSinceBest;

    /// <summary>The evaluation of the model that <see cref="Restore"/> leaves in place.</summary>
    public EvaluationResult? Evaluation { get; private set; }

    /// <summary>The optimiser step of the best evaluation; null when the metric is <see cref="CheckpointMetric.Last"/>.</summary>
    public int? BestStep { get; private set; }

    /// <summary>Records the evaluation of the model after <paramref name="step"/> steps; true when patience has run out.</summary>
    public bool Offer(int step, EvaluationResult evaluation)
    {
        if (metric == CheckpointMetric.Last)
        {
            Evaluation = evaluation;
            return false;
        }

        if (Evaluation is null || Score(evaluation) > Score(Evaluation))
        {
            Evaluation = evaluation;
            BestStep = step;
            _evaluationsSinceBest = 0;
            Save();
            return false;
        }

        _evaluationsSinceBest++;
        return patience > 0 && _evaluationsSinceBest >= patience;
    }

    /// <summary>Puts the best parameters back into the model (nothing to do for <see cref="CheckpointMetric.Last"/>).</summary>
    public void Restore()
    {
        using var noGrad = no_grad();
        for (var i = 0; i < _saved.Count; i++)
        {
            trainable[i].copy_(_saved[i]);
        }
    }

    /// <summary>Early stopping's count, for a resumable checkpoint.</summary>
    public int EvaluationsSinceBest => _evaluationsSinceBest;

    /// <summary>The kept copy of the trainable parameters (in their order), empty until a metric keeps one.</summary>
    public IReadOnlyList<Tensor> Saved => _saved;

    /// <summary>
    /// Takes a resumed run's state. The best evaluation itself is not stored: <paramref name="evaluate"/> scores the
    /// kept parameters again (evaluation is deterministic), then the current parameters go back.
    /// </summary>
    public void Resume(int? bestStep, int evaluationsSinceBest, IReadOnlyList<Tensor> saved, Func<EvaluationResult> evaluate)
    {
        BestStep = bestStep;
        _evaluationsSinceBest = evaluationsSinceBest;
        if (saved.Count == 0)
        {
            return;
        }

        using var noGrad = no_grad();
        _saved.AddRange(saved.Select(t => t.clone().DetachFromDisposeScope()));
        var current = trainable.Select(p => p.detach().clone()).ToList();
        Restore();
        Evaluation = evaluate();
        for (var i = 0; i < current.Count; i++)
        {
            trainable[i].copy_(current[i]);
            current[i].Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var tensor in _saved)
        {
            tensor.Dispose();
        }
    }

    /// <summary>Higher is better; the loss is negated. A regression task is chosen by its loss, Spearman or else Pearson.</summary>
    private double Score(EvaluationResult evaluation) => (metric, evaluation.Regression) switch
    {
        (CheckpointMetric.Loss, _) => -evaluation.Loss,
        (CheckpointMetric.Spearman, { } regression) => regression.Spearman,
        (_, { } regression) => regression.Pearson,
        (CheckpointMetric.Pearson or CheckpointMetric.Spearman, null) => throw new InvalidOperationException($"{metric} scores a regression task only."),
        _ => ClassScore(evaluation),
    };

    private double ClassScore(EvaluationResult evaluation) => metric switch
    {
        CheckpointMetric.Accuracy => evaluation.Counts.Accuracy,
        CheckpointMetric.F1 => evaluation.Counts.F1,
        CheckpointMetric.Mcc => evaluation.Counts.Mcc,
        CheckpointMetric.Loss => -evaluation.Loss,
        _ => throw new InvalidOperationException($"No score for {metric}."),
    };

    private void Save()
    {
        using var noGrad = no_grad();
        if (_saved.Count == 0)
        {
            _saved.AddRange(trainable.Select(p => p.detach().clone().DetachFromDisposeScope()));
            return;
        }

        for (var i = 0; i < _saved.Count; i++)
        {
            _saved[i].copy_(trainable[i]);
        }
    }
}
