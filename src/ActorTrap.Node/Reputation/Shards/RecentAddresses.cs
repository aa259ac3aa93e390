using ActorTrap.Node.Reputation.Scoring;

namespace ActorTrap.Node.Reputation.Shards;

/// <summary>
/// A shard's in-memory view of the addresses it saw lately, least recently touched first: bounded (the oldest
/// is evicted past capacity) and swept of entries idle longer than <c>idle-after</c>. Not thread-safe (one actor).
/// </summary>
internal sealed class RecentAddresses(int capacity)
{
    private readonly Dictionary<IpKey, LinkedListNode<Entry>> index = [];
    private readonly LinkedList<Entry> order = new();

    public int Count => index.Count;

    public void Touch(IpKey key, DateTimeOffset now) => Upsert(key, null, now, keepRecord: true);

    public void Stored(IpKey key, ReputationRecord record, DateTimeOffset now) => Upsert(key, record, now, keepRecord: false);

    public ReputationRecord? Get(IpKey key) => index.TryGetValue(key, out var node) ? node.Value.Record : null;

    /// <summary>Drops entries last touched before <paramref name="cutoff"/>.</summary>
    public int Sweep(DateTimeOffset cutoff)
    {
        var removed = 0;
        while (order.First is { } first && first.Value.Touched < cutoff)
        {
            order.RemoveFirst();
            index.Remove(first.Value.Key);
            removed++;
        }

        return removed;
    }

    private void Upsert(IpKey key, ReputationRecord? record, DateTimeOffset now, bool keepRecord)
    {
        if (capacity <= 0)
        {
            return;
        }

        if (index.TryGetValue(key, out var node))
        {
            order.Remove(node);
            node.Value = new Entry(key, keepRecord ? node.Value.Record : record, now);
            order.AddLast(node);
            return;
        }

        if (index.Count >= capacity && order.First is { } oldest)
        {
            order.RemoveFirst();
            index.Remove(oldest.Value.Key);
        }

        index[key] = order.AddLast(new Entry(key, record, now));
    }

    private sealed record Entry(IpKey Key, ReputationRecord? Record, DateTimeOffset Touched);
}
