namespace LabPortal.Agent.Playground;

/// <summary>
/// The playground's rebuilt models by run, least recently used evicted (and disposed) first, bounded both by count and by
/// the bytes their weights take: a cache of big decoders must not take the memory a training run in the same agent needs.
/// The newest entry always stays, even alone over the budget, so a model bigger than the budget still scores. Not thread-safe.
/// </summary>
public sealed class ModelCache<T>(int capacity, long budgetBytes, Func<T, long> sizeOf) : IDisposable where T : IDisposable
{
    private readonly LinkedList<(int RunId, T Model, long Bytes)> _entries = new(); // most recently used first

    public int Count => _entries.Count;

    public long Bytes => _entries.Sum(e => e.Bytes);

    /// <summary>The run's model, now the most recently used; false when it is not cached.</summary>
    public bool TryGet(int runId, out T model)
    {
        var node = _entries.First;
        while (node is not null && node.Value.RunId != runId)
        {
            node = node.Next;
        }

        if (node is null)
        {
            model = default!;
            return false;
        }

        _entries.Remove(node);
        _entries.AddFirst(node);
        model = node.Value.Model;
        return true;
    }

    /// <summary>Keeps the model as the most recently used, then evicts from the other end until both bounds hold.</summary>
    public void Add(int runId, T model)
    {
        _entries.AddFirst((runId, model, sizeOf(model)));
        while (_entries.Count > 1 && (_entries.Count > capacity || Bytes > budgetBytes))
        {
            _entries.Last!.Value.Model.Dispose();
            _entries.RemoveLast();
        }
    }

    public void Dispose()
    {
        foreach (var entry in _entries)
        {
            entry.Model.Dispose();
        }

        _entries.Clear();
    }
}
