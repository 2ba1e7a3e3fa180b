using System.Security.Cryptography;
using LabPortal.Portal.Storage;
using LabPortal.Shared.Experiments;
using LabPortal.Shared.Validation;

namespace LabPortal.Portal.Services.Datasets;

/// <summary>
/// Registers datasets by name: checks the files exist under the data root (the same checks as a spec's dataset),
/// fingerprints them with SHA-256 and stores them, so the new-experiment form can fill its dataset fields from a name.
/// </summary>
public sealed class DatasetRegistry(DatasetStore datasets, DataRoot dataRoot, IDatasetFiles files, TimeProvider clock)
{
    public const string DemoName = "demo";
    public const int MaxNameLength = 100;

    private static readonly DatasetSpec Demo = new() { Task = TaskKind.Qqp, TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" };

    public IReadOnlyList<DatasetRecord> List() => datasets.List();

    public RegistrationResult Register(DatasetRegistration registration, string registeredBy)
    {
        var errors = new List<ValidationError>();
        var name = registration.Name.Trim();
        if (name.Length == 0)
        {
            errors.Add(new("name", "Give the dataset a name."));
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add(new("name", $"The name is longer than {MaxNameLength} characters."));
        }
        else if (datasets.Find(name) is not null)
        {
            errors.Add(new("name", $"A dataset named '{name}' is registered already."));
        }

        var (train, trainError) = DataRootPaths.Inside(dataRoot.Path, registration.Dataset.TrainFile);
        var (validation, validationError) = DataRootPaths.Inside(dataRoot.Path, registration.Dataset.ValidationFile);
        AddIf(errors, "dataset.trainFile", trainError);
        AddIf(errors, "dataset.validationFile", validationError);

        var dataset = registration.Dataset with { TrainFile = train ?? "", ValidationFile = validation ?? "" };
        if (trainError is null && validationError is null)
        {
            // The spec validator's own dataset checks (files exist and hold examples, custom columns named).
            errors.AddRange(SpecValidator.Validate(new ExperimentSpec { Dataset = dataset }, files)
                .Where(e => e.Field.StartsWith("dataset.", StringComparison.Ordinal)));
        }

        if (errors.Count > 0)
        {
            return new RegistrationResult(null, errors);
        }

        var record = new DatasetRecord
        {
            Name = name,
            Task = dataset.Task,
            Format = dataset.Format,
            TrainFile = dataset.TrainFile,
            ValidationFile = dataset.ValidationFile,
            TextAColumn = dataset.Task == TaskKind.Custom ? dataset.TextAColumn.Trim() : "",
            TextBColumn = dataset.Task == TaskKind.Custom ? dataset.TextBColumn.Trim() : "",
            LabelColumn = dataset.Task == TaskKind.Custom ? dataset.LabelColumn.Trim() : "",
            LabelNames = dataset.Task == TaskKind.Custom ? [.. dataset.LabelNames] : [],
            Regression = dataset.Task == TaskKind.Custom && dataset.Regression,
            TrainSha256 = Sha256(dataset.TrainFile),
            ValidationSha256 = Sha256(dataset.ValidationFile),
            TrainExamples = files.CountExamples(dataset.TrainFile, dataset),
            ValidationExamples = files.CountExamples(dataset.ValidationFile, dataset),
            RegisteredAt = clock.GetUtcNow().UtcDateTime,
            RegisteredBy = registeredBy,
        };
        return datasets.TryAdd(record)
            ? new RegistrationResult(record, [])
            : new RegistrationResult(null, [new("name", $"A dataset named '{name}' is registered already.")]);
    }

    /// <summary>Registers the demo files under "demo" when they are under the data root and nothing has that name yet.</summary>
    public DatasetRecord? EnsureDemo()
    {
        if (datasets.Find(DemoName) is { } existing)
        {
            return existing;
        }

        return files.Exists(Demo.TrainFile) && files.Exists(Demo.ValidationFile)
            ? Register(new DatasetRegistration { Name = DemoName, Dataset = Demo }, "portal").Dataset
            : null;
    }

    private static void AddIf(List<ValidationError> errors, string field, string? error)
    {
        if (error is not null)
        {
            errors.Add(new(field, error));
        }
    }

    private string Sha256(string relative)
    {
        using var stream = File.OpenRead(dataRoot.Resolve(relative));
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
