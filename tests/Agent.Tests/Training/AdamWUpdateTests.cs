using LabPortal.Agent.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LabPortal.Agent.Tests.Training;

public sealed class AdamWUpdateTests
{
    [Fact]
    public void Steps_give_exactly_the_parameters_and_moments_of_torchsharps_adamw_so_runs_repeat_their_earlier_results()
    {
        using var start = randn(6, 4, generator: new Generator(7));
        using var ours = new Parameter(start.clone());
        using var reference = new Parameter(start.clone());
        using var moments = new AdamWUpdate.Moments("w", ours);
        using var adamW = optim.AdamW([reference], 2e-3, TrainingOptimizer.Beta1, TrainingOptimizer.Beta2, TrainingOptimizer.Epsilon, 0.01);

        for (var step = 1; step <= 5; step++)
        {
            using var gradient = randn(6, 4, generator: new Generator((ulong)step));
            reference.grad = gradient.clone();
            adamW.step();
            using (no_grad())
            {
                AdamWUpdate.Apply(moments, gradient, 2e-3, 0.01);
            }
        }

        Assert.True(Same(ours, reference), "the parameters differ after five steps");
        var state = (AdamW.State)adamW.state_dict().State[0];
        Assert.True(Same(moments.ExpAvg, state.exp_avg) && Same(moments.ExpAvgSq, state.exp_avg_sq), "the moments differ");
        Assert.Equal(5, moments.Step);
    }

    [Fact]
    public void Fifty_thousand_steps_with_the_garbage_collector_running_alongside_never_lose_a_number()
    {
        // TorchSharp's own AdamW failed here within about 16,000 steps ("Unknown scalar type", "Expected false to be true").
        using var parameter = new Parameter(randn(8, 8, generator: new Generator(1)));
        using var moments = new AdamWUpdate.Moments("w", parameter);
        using var gradient = ones(8, 8);
        using var stop = new CancellationTokenSource();
        var collector = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
        }) { IsBackground = true };
        collector.Start();

        try
        {
            for (var step = 0; step < 50_000; step++)
            {
                using var noGrad = no_grad();
                AdamWUpdate.Apply(moments, gradient, 1e-3, 0.01);
            }
        }
        finally
        {
            stop.Cancel();
            collector.Join();
        }

        Assert.Equal(50_000, moments.Step);
        Assert.False(parameter.isnan().any().item<bool>(), "the parameter holds NaN after the steps");
    }

    private static bool Same(Tensor a, Tensor b) => a.allclose(b, rtol: 0, atol: 0);
}
