using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Commands;

/// <summary>
/// <c>--max-train-samples N</c>: the header and the first N data rows of the training file, written into the run's folder so the
/// spec in result.json (and the dataset fingerprint) name what was trained on. Cut by lines, so CSV (whose quoted
/// fields may span lines) is refused.
/// </summary>
public static class TrainingSlice
{
    public static string Write(string source, DatasetSpec dataset, int rows, string folder)
    {
        if (dataset.Task == TaskKind.Custom && DatasetFormats.Resolve(dataset.Format, source) == DatasetFormat.Csv)
        {
            throw new ArgumentException("--max-train-samples cuts the training file by lines, which a CSV file's quoted line breaks would break; cut the file beforehand.");
        }

        var header = DatasetFormats.HasHeaderRow(dataset, source) ? 1 : 0;
        var destination = Path.Combine(folder, $"train-first-{rows}{Path.GetExtension(source)}");
        Directory.CreateDirectory(folder);
        File.WriteAllLines(destination, File.ReadLines(source).Where(line => line.Length > 0).Take(header + rows));
        return destination;
    }
}
