using System.Net;
using ActorTrap.Node.Reputation;

namespace ActorTrap.ClusterBench;

/// <summary>
/// Fresh addresses of 100.64.0.0/10 sorted by the reputation shard they fall in (<see cref="ShardKey"/>, the rule the
/// nodes use), so a probe can be aimed at every shard; each address is handed out once.
/// </summary>
internal sealed class ProbeAddresses
{
    private readonly Queue<IPAddress>[] byShard;

    public ProbeAddresses(int shards, int perShard)
    {
        Shards = shards;
        byShard = [.. Enumerable.Range(0, shards).Select(_ => new Queue<IPAddress>())];
        for (var i = 1; byShard.Any(q => q.Count < perShard) && i < 1 << 22; i++)
        {
            // 11.64.0.0/10: globally routable (a collector ignores reports about special-use space, issue 18) and apart from the stream's 11.0.0.0/16.
            var address = new IPAddress([11, (byte)(64 + (i >> 16)), (byte)(i >> 8), (byte)i]);
            var queue = byShard[ShardKey.Shard(IpKey.From(address), shards)];
            if (queue.Count < perShard)
            {
                queue.Enqueue(address);
            }
        }
    }

    public int Shards { get; }

    public IPAddress Next(int shard) => byShard[shard].Dequeue();
}
