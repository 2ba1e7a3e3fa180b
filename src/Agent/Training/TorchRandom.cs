using static TorchSharp.torch;

namespace LabPortal.Agent.Training;

/// <summary>
/// Torch's default generator is one per process. A training run draws from it in every step (dropout), and building a
/// model reseeds it, so building a second model (the playground's) while a run trains would change the run's dropout
/// masks and, worse, the new model's seeded initial weights. Whoever draws or seeds holds <see cref="Gate"/>.
/// </summary>
public static class TorchRandom
{
    public static readonly Lock Gate = new();

    /// <summary>Runs <paramref name="build"/> (which may reseed) with the gate held, then puts the generator back as it was.</summary>
    public static T Isolated<T>(Func<T> build)
    {
        lock (Gate)
        {
            using var state = random.get_rng_state();
            try
            {
                return build();
            }
            finally
            {
                random.set_rng_state(state);
            }
        }
    }
}
