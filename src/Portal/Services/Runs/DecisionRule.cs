using LabPortal.Portal.Storage;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Services.Runs;

/// <summary>
/// Which rule made the figures a run shows. A C3 run's final metrics come from S_match ≥ τ on the validation file,
/// while its evaluation curve — like every run's — is the classifier's own decision on the selection split; pages name
/// the rule beside each figure so an accuracy of 0.37 beside a curve ending at 0.70 is not a puzzle.
/// </summary>
public static class DecisionRule
{
    public const string Classifier = "classifier";

    /// <summary>The rule of the run's final metrics, short enough for a table cell: "S_match ≥ τ", "cosine ≥ τ" or "classifier".</summary>
    public static string OfFinalMetrics(RunRecord run) => run.MatchingThreshold is null
        ? Classifier
        : run.Method == LabJson.NameOf(MethodKind.ZeroShot) ? "cosine ≥ τ" : "S_match ≥ τ";

    /// <summary>What each point of an evaluation curve is, in a sentence's words.</summary>
    public static string OfCurve(bool heldOutSelection) =>
        $"the classifier's own decision on {(heldOutSelection ? "the held-out selection pairs" : "the validation file")}";
}
