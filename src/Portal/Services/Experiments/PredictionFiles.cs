using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>Reads a run's decisions on the validation pairs from the predictions.tsv its agent uploaded.</summary>
public static class PredictionFiles
{
    /// <summary>One entry per validation pair in file order, or null when the run has no readable predictions.</summary>
    public static RunDecisions? Decisions(ArtifactStore artifacts, int runId)
    {
        using var content = artifacts.Open(runId, ArtifactNames.Predictions);
        if (content is null)
        {
            return null;
        }

        using var reader = new StreamReader(content);
        var header = reader.ReadLine()?.Split('\t') ?? [];
        var label = Array.IndexOf(header, "label");
        // With C3 the run decided by S_match ("decision"); otherwise by the classifier ("predicted").
        var decision = Array.IndexOf(header, "decision") is var d and >= 0 ? d : Array.IndexOf(header, "predicted");
        if (label < 0 || decision < 0)
        {
            return null;
        }

        var labels = new List<int>();
        var predicted = new List<int>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var fields = line.Split('\t');
            if (fields.Length <= Math.Max(label, decision)
                || !int.TryParse(fields[label], out var labelClass) || !int.TryParse(fields[decision], out var predictedClass))
            {
                return null;
            }

            labels.Add(labelClass);
            predicted.Add(predictedClass);
        }

        return new RunDecisions(labels, predicted);
    }
}
