namespace LabPortal.Shared.Hubs;

/// <summary>An agent's answer to a <see cref="ScoreRequest"/>: what the run's model makes of the pair.</summary>
public sealed record PairScore
{
    public int RunId { get; init; }

    /// <summary>The agent that scored the pair.</summary>
    public string AgentId { get; init; } = "";

    /// <summary>S_cls: the classifier's probability that the pair is a duplicate.</summary>
    public double Probability { get; init; }

    /// <summary>C3's S_match; null when the run did not use density matching.</summary>
    public double? MatchScore { get; init; }

    /// <summary>C3's τ from the run; null without C3.</summary>
    public double? Threshold { get; init; }

    /// <summary>C3's pair features S_loc, d and w_s; null without C3.</summary>
    public double? Alignment { get; init; }

    public double? Density { get; init; }

    public double? LengthBalance { get; init; }

    /// <summary>The run's decision: S_match ≥ τ with C3, else probability ≥ 0.5 (as the evaluator decides).</summary>
    public bool IsDuplicate { get; init; }

    /// <summary>The decision in the task's words (QQP "duplicate", SST-2 "positive"); empty from agents that predate it.</summary>
    public string Decision { get; init; } = "";

    /// <summary>
    /// The class whose probability <see cref="Probability"/> is: class 1 of a two-class task, the predicted class of a
    /// k-class one (MNLI); empty from agents that predate it.
    /// </summary>
    public string PositiveClass { get; init; } = "";

    /// <summary>A regression run's (STS-B) predicted score, which is then also <see cref="Decision"/>; null for classes.</summary>
    public double? PredictedScore { get; init; }

    /// <summary>How the run decides, in words ("probability > 0.5", "S_match ≥ τ", "the most probable of the 3 classes"); empty from older agents.</summary>
    public string DecisionRule { get; init; } = "";

    /// <summary>
    /// The agent's own time for the request, from receiving it to answering (waiting for its turn, a first call's download
    /// and build included); the rest of what a caller waits is the way there and back. Null from older agents.
    /// </summary>
    public double? AgentMilliseconds { get; init; }
}
