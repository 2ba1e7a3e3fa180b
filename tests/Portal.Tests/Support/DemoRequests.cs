using LabPortal.Shared.Experiments;

namespace LabPortal.Portal.Tests.Support;

/// <summary>Experiment requests over the checkout's demo data files, valid as the portal checks them.</summary>
public static class DemoRequests
{
    public static ExperimentRequest Of(string name, MethodSpec method, IReadOnlyList<int> seeds, PresetKind preset = PresetKind.None) => new()
    {
        Name = name,
        Seeds = seeds,
        Preset = preset,
        Spec = new ExperimentSpec
        {
            Dataset = new DatasetSpec { TrainFile = "data/demo/train.tsv", ValidationFile = "data/demo/dev.tsv" },
            Method = method,
            Training = new TrainingSpec { Epochs = 1, BatchSize = 16 },
        },
    };
}
