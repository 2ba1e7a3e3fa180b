using System.Globalization;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Runs;

namespace LabPortal.Portal.Services.Experiments;

/// <summary>Reads a run's decisions on the validation pairs from the predictions.tsv its agent uploaded.</summary>
public static class PredictionFiles
{
    /// <summary>The run's decisions, read as scores when it is a regression run.</summary>
    public static RunDecisions? Decisions(ArtifactStore artifacts, RunRecord run) => Decisions(artifacts, run.Id, run.Regression is not null);

    /// <summary>One entry per validation pair in file order, or null when the run has no readable predictions.</summary>
    /// <param name="scores">The run is a regression (STS-B): its columns hold scores, not classes.</param>
    public static RunDecisions? Decisions(ArtifactStore artifacts, int runId, bool scores = false)
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

        var labels = new List<double>();
        var predicted = new List<double>();
        while (reader.ReadLine() is { Length: > 0 } line)
        {
            var fields = line.Split('\t');
            if (fields.Length <= Math.Max(label, decision)
                || !double.TryParse(fields[label], NumberStyles.Float, CultureInfo.InvariantCulture, out var labelValue)
                || !double.TryParse(fields[decision], NumberStyles.Float, CultureInfo.InvariantCulture, out var predictedValue))
            {
                return null;
            }

            labels.Add(labelValue);
            predicted.Add(predictedValue);
        }

        return new RunDecisions(labels, predicted, scores);
    }
}
