using System.Runtime.InteropServices;
using System.Globalization;
using LabPortal.Agent.Artifacts;
using LabPortal.Agent.Evaluation;
using LabPortal.Agent.Models.Safetensors;
using LabPortal.Shared;
using LabPortal.Shared.Experiments;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training.Resume;

/// <summary>
/// The state a training run needs to continue exactly where it stopped — trainable parameters, AdamW's moments and
/// steps, the best checkpoint's copy and counters, the unreported loss window and torch's RNG (dropout) — saved into
/// and restored from a checkpoint folder. The batch plan is a pure function of the seed, so the step alone places a
/// resumed run at its next batch. CPU RNG only: a CUDA run resumes with fresh GPU dropout.
/// </summary>
internal sealed class ResumableRun(
    ExperimentSpec spec, string datasetSha256, IReadOnlyList<(string Name, Parameter Parameter)> trainable,
    TrainingOptimizer optimizer, BestCheckpoint best, TrainWindow window)
{
    private const string StepKey = "step";
    private int _savedStep = -1;

    /// <summary>Writes the checkpoint for the model after <paramref name="step"/> steps (once per step): state file, then manifest.</summary>
    public void Save(string folder, int step, int stepsPerEpoch, int totalSteps)
    {
        if (step == _savedStep)
        {
            return;
        }

        var stateFile = $"state-{step}.safetensors";
        var previous = Directory.Exists(folder) ? Directory.GetFiles(folder, "state-*.safetensors") : [];
        using (NewDisposeScope())
        {
            var metadata = new Dictionary<string, string> { [StepKey] = step.ToString(CultureInfo.InvariantCulture) };
            SafetensorsFile.Write(Path.Combine(folder, stateFile), Tensors(random.get_rng_state()).ToList(), metadata);
        }

        var manifest = new ResumeManifest
        {
            FormatVersion = ResumeManifest.CurrentFormat,
            StateFile = stateFile,
            Step = step,
            Epoch = step / stepsPerEpoch,
            StepInEpoch = step % stepsPerEpoch,
            TotalSteps = totalSteps,
            SpecSha256 = SpecIdentity.Sha256(spec),
            Spec = spec,
            DatasetSha256 = datasetSha256,
            BestStep = best.BestStep,
            EvaluationsSinceBest = best.EvaluationsSinceBest,
            Window = window.Save(),
        };
        AtomicFile.WriteAllText(Path.Combine(folder, ResumeManifest.FileName), LabJson.Serialize(manifest));
        foreach (var old in previous.Where(p => Path.GetFileName(p) != stateFile))
        {
            File.Delete(old); // only after the manifest names the new state file
        }

        _savedStep = step;
    }

    /// <summary>
    /// Restores a checkpoint into the freshly set-up run and returns its step; refuses an unreadable file, another spec or
    /// other data with an <see cref="UnusableCheckpointException"/> naming the file (the run is then only half restored:
    /// set it up afresh).
    /// </summary>
    public int Restore(string folder, Func<EvaluationResult> evaluate)
    {
        try
        {
            return RestoreFrom(folder, evaluate);
        }
        catch (Exception exception) when (exception is InvalidDataException or InvalidOperationException or IOException or ExternalException
                                          && exception is not UnusableCheckpointException)
        {
            throw new UnusableCheckpointException(exception.Message, exception);
        }
    }

    private int RestoreFrom(string folder, Func<EvaluationResult> evaluate)
    {
        var manifestPath = Path.Combine(folder, ResumeManifest.FileName);
        var manifest = ReadManifest(manifestPath);
        Check(manifest, manifestPath);

        var statePath = Path.Combine(folder, manifest.StateFile);
        var contents = ReadState(statePath);
        using var tensors = new TensorSet(contents.Tensors, statePath);
        if (contents.Metadata.GetValueOrDefault(StepKey) != manifest.Step.ToString(CultureInfo.InvariantCulture))
        {
            throw new InvalidDataException($"{statePath} is not the state of step {manifest.Step} that {manifestPath} names.");
        }

        using (no_grad())
        {
            foreach (var (name, parameter) in trainable)
            {
                parameter.copy_(tensors.Get($"parameter/{name}"));
            }
        }

        optimizer.LoadState(name => (tensors.Get($"adam/{name}/exp_avg"), tensors.Get($"adam/{name}/exp_avg_sq"), tensors.Get($"adam/{name}/step").item<long>()));
        var saved = tensors.Has($"best/{trainable[0].Name}") ? trainable.Select(p => tensors.Get($"best/{p.Name}")).ToList() : [];
        best.Resume(manifest.BestStep, manifest.EvaluationsSinceBest, saved, evaluate);
        window.Restore(manifest.Window);
        random.set_rng_state(tensors.Get("rng")); // last: nothing after this may draw
        _savedStep = manifest.Step;
        return manifest.Step;
    }

    private IEnumerable<(string Name, Tensor Tensor)> Tensors(Tensor rng)
    {
        foreach (var (name, parameter) in trainable)
        {
            yield return ($"parameter/{name}", parameter);
        }

        foreach (var (name, expAvg, expAvgSq, step) in optimizer.State())
        {
            yield return ($"adam/{name}/exp_avg", expAvg);
            yield return ($"adam/{name}/exp_avg_sq", expAvgSq);
            yield return ($"adam/{name}/step", tensor(new[] { step }));
        }

        for (var i = 0; i < best.Saved.Count; i++)
        {
            yield return ($"best/{trainable[i].Name}", best.Saved[i]);
        }

        yield return ("rng", rng);
    }

    private void Check(ResumeManifest manifest, string path)
    {
        if (manifest.FormatVersion != ResumeManifest.CurrentFormat)
        {
            throw new InvalidDataException($"{path} has format version {manifest.FormatVersion}; this agent reads version {ResumeManifest.CurrentFormat}.");
        }

        if (manifest.SpecSha256 != SpecIdentity.Sha256(spec))
        {
            var differences = SpecIdentity.Differences(manifest.Spec, spec);
            throw new InvalidOperationException($"{path} was written for another spec ({(differences.Count == 0 ? "its spec hash differs" : string.Join("; ", differences))}); resume with the same spec.");
        }

        if (manifest.DatasetSha256 != datasetSha256)
        {
            throw new InvalidOperationException($"{path} was written for other data (dataset SHA-256 {manifest.DatasetSha256}, now {datasetSha256}); resume with the same files.");
        }
    }

    private static ResumeManifest ReadManifest(string path)
    {
        try
        {
            return LabJson.Deserialize<ResumeManifest>(File.ReadAllText(path));
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or IOException)
        {
            throw new InvalidDataException($"{path}: not a readable resume manifest ({exception.Message}).", exception);
        }
    }

    private static SafetensorsContents ReadState(string path)
    {
        try
        {
            return SafetensorsFile.Read(path);
        }
        catch (IOException exception)
        {
            throw new InvalidDataException($"{path}: {exception.Message}", exception);
        }
    }
}
