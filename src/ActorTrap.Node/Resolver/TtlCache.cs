namespace ActorTrap.Node.Resolver;

/// <summary>
/// A bounded cache whose entries expire on the injected clock, evicting the least recently used entry when full.
/// Not thread-safe by design: it lives inside the resolver actor, which processes one message at a time.
/// </summary>
/// <remarks>
/// TTLs are clamped to [<paramref name="minTtl"/>, <paramref name="maxTtl"/>] (postscreen clamps DNSBL answers to
/// 60 s .. 1 h): a zero TTL would make every session query again, and a huge one would keep a delisted client
/// tarpitted for days.
/// </remarks>
internal sealed class TtlCache<TKey, TValue>(int capacity, TimeSpan minTtl, TimeSpan maxTtl, TimeProvider time)
    where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<Entry>> index = new(capacity);
    private readonly LinkedList<Entry> recency = new(); // most recently used first

    public int Count => index.Count;

    public long Hits { get; private set; }

    public long Misses { get; private set; }

    public long Evictions { get; private set; }

    public bool TryGet(TKey key, out TValue value)
    {
        if (index.TryGetValue(key, out var node))
        {
            if (node.Value.ExpiresAt > time.GetUtcNow())
            {
                recency.Remove(node);
                recency.AddFirst(node);
                Hits++;
                value = node.Value.Value;
                return true;
            }

            Remove(node);
        }

        Misses++;
        value = default!;
        return false;
    }

    /// <summary>When a live entry expires, without counting a hit or refreshing its recency; null when absent or expired.</summary>
    public DateTimeOffset? ExpiryOf(TKey key) =>
        index.TryGetValue(key, out var node) && node.Value.ExpiresAt > time.GetUtcNow() ? node.Value.ExpiresAt : null;

    /// <returns>The TTL actually applied after clamping.</returns>
    public TimeSpan Set(TKey key, TValue value, TimeSpan ttl)
    {
        var applied = ttl < minTtl ? minTtl : ttl > maxTtl ? maxTtl : ttl;
        if (index.TryGetValue(key, out var existing))
        {
            Remove(existing);
        }

        while (index.Count >= capacity && recency.Last is { } oldest)
        {
            Remove(oldest);
            Evictions++;
        }

        index[key] = recency.AddFirst(new Entry(key, value, time.GetUtcNow() + applied));
        return applied;
    }

    /// <summary>Drops the entry for <paramref name="key"/>, if any, without counting an eviction.</summary>
    public bool Remove(TKey key)
    {
        if (!index.TryGetValue(key, out var node))
        {
            return false;
        }

        Remove(node);
        return true;
    }

    public void Clear()
    {
        index.Clear();
        recency.Clear();
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        recency.Remove(node);
        index.Remove(node.Value.Key);
    }

    private readonly record struct Entry(TKey Key, TValue Value, DateTimeOffset ExpiresAt);
}
