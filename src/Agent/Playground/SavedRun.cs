using System.Text.Json;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Playground;

/// <summary>What the playground needs from a run's result.json: the spec the model is rebuilt from and C3's τ.</summary>
public sealed record SavedRun(ExperimentSpec Spec, double? Threshold)
{
    public static SavedRun Read(string path)
    {
        try
        {
            var run = JsonSerializer.Deserialize<Fields>(File.ReadAllText(path), LabJson.Options);
            return run?.Spec is { } spec ? new SavedRun(spec, run.Threshold) : throw new InvalidDataException("result.json has no spec.");
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"result.json is not a run result ({exception.Message}).", exception);
        }
    }

    // The two fields of RunResult read here; the rest of the file is ignored.
    private sealed record Fields(ExperimentSpec? Spec, double? Threshold);
}
