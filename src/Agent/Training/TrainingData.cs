using LabPortal.Agent.Data;
using LabPortal.Agent.Tokenization;
using LabPortal.Shared.Experiments;

namespace LabPortal.Agent.Training;

/// <summary>
/// A run's encoded examples, split for honest model selection: the training file minus a seeded selection split,
/// that split (checkpoints and early stopping are chosen on it), and the validation file, evaluated only for the report.
/// </summary>
public sealed record TrainingData(List<EncodedExample> Train, List<EncodedExample> Selection, List<EncodedExample> Validation, bool HeldOut)
{
    /// <summary>Where thresholds (C3's τ, zero-shot's) are chosen: the selection split, else the training pairs themselves.</summary>
    public List<EncodedExample> Thresholds => HeldOut ? Selection : Train;

    public static TrainingData Load(TrainingJob job, ExperimentSpec spec, PairEncoder encoder)
    {
        var all = Encode(PairFileReader.Read(job.TrainPath, spec.Dataset), encoder);
        var validation = Encode(PairFileReader.Read(job.ValidationPath, spec.Dataset), encoder);
        var (train, selection) = SelectionSplit.Carve(all, spec.Training.SelectionSplit, spec.Seed);

        // With nothing held out, evaluations during training read the validation file: the validator allows that
        // only when nothing is selected on them or the spec says allowSelectionOnEvaluation.
        return selection.Count > 0
            ? new TrainingData(train, selection, validation, HeldOut: true)
            : new TrainingData(train, validation, validation, HeldOut: false);
    }

    private static List<EncodedExample> Encode(IEnumerable<SentencePair> pairs, PairEncoder encoder) =>
        pairs.Select(p => new EncodedExample(encoder.Encode(p.First, p.Second), p.Label)).ToList();
}
