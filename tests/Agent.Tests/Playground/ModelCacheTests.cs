using LabPortal.Agent.Playground;

namespace LabPortal.Agent.Tests.Playground;

public sealed class ModelCacheTests
{
    [Fact]
    public void The_least_recently_used_model_is_disposed_first_when_the_count_is_exceeded()
    {
        using var cache = new ModelCache<Model>(capacity: 2, budgetBytes: long.MaxValue, m => m.Bytes);
        var (one, two, three) = (new Model(10), new Model(10), new Model(10));
        cache.Add(1, one);
        cache.Add(2, two);
        Assert.True(cache.TryGet(1, out _)); // run 1 is now the most recently used

        cache.Add(3, three);

        Assert.True(two.Disposed);
        Assert.False(one.Disposed);
        Assert.False(cache.TryGet(2, out _));
        Assert.True(cache.TryGet(1, out var hit));
        Assert.Same(one, hit);
    }

    [Fact]
    public void Models_over_the_memory_budget_are_evicted_but_the_newest_stays_even_alone_over_it()
    {
        using var cache = new ModelCache<Model>(capacity: 5, budgetBytes: 100, m => m.Bytes);
        var small = new Model(40);
        var medium = new Model(50);
        cache.Add(1, small);
        cache.Add(2, medium);
        Assert.Equal(90, cache.Bytes);

        var big = new Model(300);
        cache.Add(3, big);

        Assert.True(small.Disposed);
        Assert.True(medium.Disposed);
        Assert.False(big.Disposed);
        Assert.Equal(1, cache.Count);
        Assert.True(cache.TryGet(3, out _));
    }

    [Fact]
    public void Disposing_the_cache_disposes_every_model_it_holds()
    {
        var models = new[] { new Model(1), new Model(1) };
        var cache = new ModelCache<Model>(capacity: 2, budgetBytes: 10, m => m.Bytes);
        cache.Add(1, models[0]);
        cache.Add(2, models[1]);

        cache.Dispose();

        Assert.All(models, m => Assert.True(m.Disposed));
        Assert.Equal(0, cache.Count);
    }

    private sealed class Model(long bytes) : IDisposable
    {
        public long Bytes { get; } = bytes;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
