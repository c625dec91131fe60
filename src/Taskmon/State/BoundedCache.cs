using System.Collections.Concurrent;

namespace Taskmon.State;

/// <summary>
/// A get-or-add cache of what the monitor derives from the app's own code (names of types and methods, await lines,
/// source sites) that stops growing at <c>capacity</c>: an app that generates code cannot make it grow without end.
/// Past the bound a value is computed on every call and not kept. Two threads missing at once both compute; either
/// result is right. The size is counted on the side (<see cref="ConcurrentDictionary{TKey, TValue}.Count"/> takes every
/// lock, on every miss once full): threads adding at once may overshoot the bound by at most one entry each.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, TValue> _entries = new(comparer);
    private int _count;

    /// <summary>The entries kept (exact; takes every lock: for tests).</summary>
    internal int Count => _entries.Count;

    /// <summary>The cached value for <paramref name="key"/>, or <paramref name="create"/>'s, kept while there is room.</summary>
    public TValue GetOrAdd(TKey key, Func<TKey, TValue> create) => GetOrAdd(key, create, static (key, create) => create(key));

    /// <summary>The same, for a factory that needs more than the key (no closure to allocate).</summary>
    public TValue GetOrAdd<TState>(TKey key, TState state, Func<TKey, TState, TValue> create)
    {
        if (_entries.TryGetValue(key, out var value))
        {
            return value;
        }

        value = create(key, state);
        if (Volatile.Read(ref _count) < capacity && _entries.TryAdd(key, value))
        {
            Interlocked.Increment(ref _count);
        }

        return value;
    }
}
