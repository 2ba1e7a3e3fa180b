using System.Diagnostics;
using LabPortal.Agent.Models;
using LabPortal.Agent.Tokenization;
using LabPortal.Agent.Training;
using LabPortal.Shared.Experiments;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Bench;

/// <summary>One method's model and optimiser, stepping the agent's own way: Trainer.ForwardBackward, clip, AdamW step, zero grad.</summary>
public sealed class MethodRun : IDisposable
{
    private readonly LoadedModel _loaded;
    private readonly TrainingOptimizer _optimizer;
    private readonly List<Parameter> _parameters;
    private readonly List<EncodedExample> _trainSet;
    private readonly SpecialTokens _special;
    private readonly Tensor _lossSum = zeros(1, ScalarType.Float64);

    /// <param name="method">lora or full, then optionally -bf16 (training.precision bf16-frozen) and -ckpt (gradient checkpointing).</param>
    /// <param name="targets">LoRA's target modules; null for the spec's default, query and value (BERT's names).</param>
    public MethodRun(string method, List<EncodedExample> trainSet, SpecialTokens special, string model = "minilm", HeadSpec? head = null, IReadOnlyList<string>? targets = null)
    {
        Method = method;
        Lora = !method.StartsWith("full", StringComparison.Ordinal);
        var spec = new MethodSpec { Kind = Lora ? MethodKind.Lora : MethodKind.Full }; // LoRA: r 8, alpha 16, no dropout, query/value
        spec = targets is null ? spec : spec with { TargetModules = targets };
        Spec = spec;
        _loaded = ModelCatalogue.Default.Create(model, seed: 42, CPU, head);
        MethodSetup.Apply(_loaded.Model, spec);
        PrecisionSetup.Apply(_loaded.Model, method.Contains("-bf16", StringComparison.Ordinal) ? PrecisionKind.Bf16Frozen : PrecisionKind.Fp32);
        if (method.Contains("-ckpt", StringComparison.Ordinal))
        {
            LayerCheckpoint.EnableOn(_loaded.Model);
        }

        _optimizer = TrainingOptimizer.Create(_loaded.Model, 5e-4, 0.01, LearningRateScales.From(spec));
        _parameters = _loaded.Model.parameters().Where(p => p.requires_grad).ToList();
        _loaded.Model.train();
        _trainSet = trainSet;
        _special = special;
    }

    public string Method { get; }

    /// <summary>The method as trained (kind, rank, targets), for the estimate of the same spec.</summary>
    public MethodSpec Spec { get; }

    public bool Lora { get; }

    public Stopwatch ForwardBackward { get; } = new();

    public Stopwatch Optimizing { get; } = new();

    public int StepsTaken { get; private set; }

    /// <summary>Process CPU time spent in the steps (both threads): less sensitive than wall time to other processes' load.</summary>
    public TimeSpan CpuTime { get; private set; }

    public long TrainableParameters => _parameters.Sum(p => p.numel());

    /// <summary>AdamW's exp_avg and exp_avg_sq bytes (after the first step creates them).</summary>
    public long OptimizerStateBytes => _optimizer.State().Sum(s => (s.ExpAvg.numel() * s.ExpAvg.element_size()) + (s.ExpAvgSq.numel() * s.ExpAvgSq.element_size()));

    public double MeanLoss => _lossSum.item<double>() / Math.Max(StepsTaken, 1);

    public void Step(int[] batch)
    {
        using var scope = NewDisposeScope();
        var cpuBefore = Machine.CpuTime();
        ForwardBackward.Start();
        var loss = Trainer.ForwardBackward(_loaded.Model, [batch], _trainSet, _special, CPU);
        ForwardBackward.Stop();
        Optimizing.Start();
        nn.utils.clip_grad_norm_(_parameters, 1.0);
        _optimizer.Step();
        _optimizer.ZeroGrad();
        Optimizing.Stop();
        CpuTime += Machine.CpuTime() - cpuBefore;
        _lossSum.add_(loss);
        StepsTaken++;
    }

    /// <summary>Forgets the warm-up: the clocks, the loss and the step count start again.</summary>
    public void ResetClocks()
    {
        ForwardBackward.Reset();
        Optimizing.Reset();
        _lossSum.zero_();
        StepsTaken = 0;
        CpuTime = TimeSpan.Zero;
    }

    public void Dispose()
    {
        _lossSum.Dispose();
        _optimizer.Dispose();
        _loaded.Dispose();
    }
}
