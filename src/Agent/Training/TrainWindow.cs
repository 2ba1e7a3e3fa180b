using System.Diagnostics;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// The training loss and throughput since the last train report. The loss is summed on the device and read with
/// item() only when a report is due, so steps do not sync a GPU.
/// </summary>
internal sealed class TrainWindow(Device device) : IDisposable
{
    private readonly Tensor _lossSum = zeros(1, ScalarType.Float64, device);
    private readonly Stopwatch _elapsed = Stopwatch.StartNew();
    private int _steps;
    private int _examples;

    /// <summary>Adds one optimiser step's mean loss over its examples.</summary>
    public void Add(Tensor stepLoss, int examples)
    {
        _lossSum.add_(stepLoss);
        _steps++;
        _examples += examples;
    }

    /// <summary>The mean step loss and examples per second since the last call, then starts a new window.</summary>
    public (double Loss, double ExamplesPerSecond) Take()
    {
        var result = (_lossSum.item<double>() / _steps, _examples / Math.Max(_elapsed.Elapsed.TotalSeconds, 1e-9));
        _lossSum.zero_();
        _steps = 0;
        _examples = 0;
        _elapsed.Restart();
        return result;
    }

    /// <summary>Evaluation time is not training throughput.</summary>
    public void RestartClock() => _elapsed.Restart();

    public void Dispose() => _lossSum.Dispose();
}
