using LabPortal.Agent.Models;
using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// The training loss and throughput since the last train report, and the run's throughput. The loss is summed on the
/// device and read with item() only when a report is due, so steps do not sync a GPU. The clock runs only between
/// <see cref="StartStep"/> and <see cref="Add"/>: evaluation and checkpoints are not training throughput.
/// </summary>
internal sealed class TrainWindow(Device device) : IDisposable
{
    private readonly Tensor _lossSum = zeros(1, ScalarType.Float64, device);
    private readonly Stopwatch _training = new();
    private TimeSpan _windowStart;
    private int _steps;
    private int _examples;
    private long _totalExamples;

    /// <summary>Examples per second over every step of this process (a resumed run counts its own steps only).</summary>
    public double ExamplesPerSecond => _totalExamples / Math.Max(_training.Elapsed.TotalSeconds, 1e-9);

    public void StartStep() => _training.Start();

    /// <summary>Adds one optimiser step's mean loss over its examples, and stops the clock.</summary>
    public void Add(Tensor stepLoss, int examples)
    {
        _lossSum.AddInPlace(stepLoss);
        _training.Stop();
        _steps++;
        _examples += examples;
        _totalExamples += examples;
    }

    /// <summary>The mean step loss and examples per second since the last call, then starts a new window.</summary>
    public (double Loss, double ExamplesPerSecond) Take()
    {
        var seconds = (_training.Elapsed - _windowStart).TotalSeconds;
        var result = (_lossSum.item<double>() / _steps, _examples / Math.Max(seconds, 1e-9));
        _lossSum.zero_();
        _steps = 0;
        _examples = 0;
        _windowStart = _training.Elapsed;
        return result;
    }

    /// <summary>The loss part of the window, for a resumable checkpoint (a resumed run reports the same means).</summary>
    public TrainWindowState Save() => new(_lossSum.item<double>(), _steps, _examples);

    public void Restore(TrainWindowState state)
    {
        using var lossSum = state.LossSum.ToScalar(); // kept alive during the call (ScalarMath)
        _lossSum.fill_(lossSum);
        _steps = state.Steps;
        _examples = state.Examples;
    }

    public void Dispose() => _lossSum.Dispose();
}
