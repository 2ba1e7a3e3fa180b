using LabPortal.Agent.Artifacts;
using LabPortal.Agent.Data;
using LabPortal.Agent.Models;
using LabPortal.Agent.Models.Checkpoints;
using LabPortal.Agent.Training;
using LabPortal.Shared;
using LabPortal.Shared.Validation;
using TorchSharp;

namespace LabPortal.Agent.Commands;

/// <summary>
/// <c>train</c>: trains one run per seed from the command line, as an agent would from the portal, with progress
/// lines on the log (stderr) and each run's artifacts in its folder. The output gets one JSON line per run (its
/// metrics), then with several seeds a summary line. Exits 2 on a usage, spec or input error (each validation error
/// on its own line, with its field and flag).
/// </summary>
public static class TrainCommand
{
    public const string Name = "train";

    /// <summary>The run folder's sub-folder for resumable checkpoints.</summary>
    public const string CheckpointFolder = "checkpoint";

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter log)
    {
        if (CommandParsing.WriteHelpIfAsked(TrainOptions.Command(), args, output))
        {
            return 0;
        }

        try
        {
            var options = TrainOptions.Parse(args);
            var dataRoot = new DataRoot(Directory.GetCurrentDirectory());
            var errors = SpecValidator.Validate(options.ToRequest(), dataRoot);
            foreach (var error in errors)
            {
                log.WriteLine($"{Name}: {Describe(error)}");
            }

            return errors.Count > 0 ? 2 : Train(options, dataRoot, output, log);
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or InvalidDataException or DataFormatException
                                              or UnknownModelException or CheckpointException or InvalidOperationException)
        {
            log.WriteLine($"{Name}: {exception.Message}");
            return 2;
        }
    }

    private static int Train(TrainOptions options, DataRoot dataRoot, TextWriter output, TextWriter log)
    {
        if (options.Threads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        var device = DeviceSelector.Resolve(options.Device);
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true; // stop between steps, writing a checkpoint when they are on, instead of dying mid-write
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return TrainEachSeed(options, dataRoot, device, cancellation.Token, output, log);
        }
        catch (OperationCanceledException)
        {
            log.WriteLine($"{Name}: cancelled{(options.CheckpointEverySteps > 0 ? $"; resume with --resume-from <output>/{CheckpointFolder}" : "")}");
            return 130;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static int TrainEachSeed(TrainOptions options, DataRoot dataRoot, torch.Device device, CancellationToken cancellationToken, TextWriter output, TextWriter log)
    {
        var started = DateTime.Now;
        var runs = new List<RunResult>();
        foreach (var seed in options.RunSeeds)
        {
            var spec = options.Spec with { Seed = seed };
            var folder = options.OutputFolder(seed, started);
            var trainPath = dataRoot.Resolve(spec.Dataset.TrainFile)!;
            if (options.MaxTrainSamples is { } limit)
            {
                trainPath = TrainingSlice.Write(trainPath, spec.Dataset, limit, folder);
                spec = spec with { Dataset = spec.Dataset with { TrainFile = trainPath } };
            }

            log.WriteLine($"{Name}: {spec.Model}, {LabJson.NameOf(spec.Method.Kind)}, seed {seed}, {torch.get_num_threads()} threads, on {device} → {folder}");
            var job = new TrainingJob(spec, trainPath, dataRoot.Resolve(spec.Dataset.ValidationFile)!, device, folder)
            {
                CheckpointFolder = Path.Combine(folder, CheckpointFolder),
                CheckpointEverySteps = options.CheckpointEverySteps,
                ResumeFrom = options.ResumeFrom,
            };
            var result = new Trainer().Train(job, new ConsoleProgress(log), cancellationToken);
            var metrics = RunResult.From(result.Spec, result, folder);
            output.WriteLine(LabJson.Serialize(metrics));
            runs.Add(metrics);
        }

        if (runs.Count > 1)
        {
            output.WriteLine(LabJson.Serialize(SeedSummary.Of(runs)));
        }

        return 0;
    }

    /// <summary>"training.epochs (--epochs): …": the field as the validator names it (without the request's "spec."), and its flag.</summary>
    private static string Describe(ValidationError error)
    {
        var field = error.Field.StartsWith("spec.", StringComparison.Ordinal) ? error.Field["spec.".Length..] : error.Field;
        var flag = field == "seeds" ? "--seeds" : TrainFlags.ForField(field) is { } known ? "--" + known.Name : null;
        return flag is null ? $"{field}: {error.Message}" : $"{field} ({flag}): {error.Message}";
    }
}
