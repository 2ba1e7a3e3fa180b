using System.Text.Json;
using LabPortal.Agent.Evaluation;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Playground;

/// <summary>
/// What the playground needs from a run's result.json: the spec the model is rebuilt from, and the threshold τ with,
/// for C3, the γ and δ it was chosen with (a result written before they were recorded decided with the spec's).
/// </summary>
public sealed record SavedRun(ExperimentSpec Spec, double? Threshold, DensityMatching? MatchingRule)
{
    public static SavedRun Read(string path)
    {
        try
        {
            var run = JsonSerializer.Deserialize<Fields>(File.ReadAllText(path), LabJson.Options);
            if (run?.Spec is not { } spec)
            {
                throw new InvalidDataException("result.json has no spec.");
            }

            var rule = DensityMatching.IsOn(spec.Method) && run.Threshold is not null
                ? new DensityMatching(
                    run.Gamma ?? spec.Method.Gamma ?? throw new InvalidDataException("result.json has C3's τ but no γ."),
                    run.Delta ?? spec.Method.Delta ?? throw new InvalidDataException("result.json has C3's τ but no δ."))
                : null;
            return new SavedRun(spec, run.Threshold, rule);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"result.json is not a run result ({exception.Message}).", exception);
        }
    }

    // The fields of RunResult read here; the rest of the file is ignored.
    private sealed record Fields(ExperimentSpec? Spec, double? Threshold, double? Gamma, double? Delta);
}
