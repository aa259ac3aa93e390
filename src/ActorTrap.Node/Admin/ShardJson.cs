using ActorTrap.Node.Reputation.Cluster;
using ActorTrap.Node.Reputation.Sharding;
using ActorTrap.Node.Reputation.Shards;

namespace ActorTrap.Node.Admin;

/// <summary>
/// The reputation region's shards as the admin API's JSON (shapes in docs/operations.md, read by <c>ctl shards</c>):
/// shards as numbers in shard order, members by their Akka address and, when they answered, their node name.
/// </summary>
internal static class ShardJson
{
    /// <summary>Member statuses at which a member runs a region that should answer.</summary>
    private static readonly string[] HostingStatuses = ["up", "weaklyup", "leaving"];

    /// <summary><c>GET /api/shards/regions</c>: each member's region with its shards and their entities.</summary>
    public static object Regions(IReadOnlyList<RegionStats> regions, ClusterState cluster, int configured) => new
    {
        ShardsConfigured = configured,
        WaitSeconds = Reputation.ReputationService.RegionStatsWait.TotalSeconds,
        Regions = regions.Select(r => new
        {
            r.Address,
            Node = NameOf(cluster, r.Address),
            Self = r.Address == cluster.SelfAddress,
            ShardCount = r.Shards.Count,
            r.Entities,
            Shards = r.Shards.OrderBy(s => s.Key).Select(s => new { Shard = s.Key, Entities = s.Value }),
            r.FailedShards,
        }),
        Unanswered = Unanswered(regions, cluster),
    };

    /// <summary><c>GET /api/shards/stats</c>: entities per shard cluster-wide, and this node's store writers.</summary>
    public static object Stats(IReadOnlyList<RegionStats> regions, ClusterState cluster, int configured, IReadOnlyList<ShardStats> writers) => new
    {
        ShardsConfigured = configured,
        ShardsAllocated = regions.Sum(r => r.Shards.Count + r.FailedShards.Count),
        Regions = regions.Count,
        Entities = regions.Sum(r => r.Entities),
        WaitSeconds = Reputation.ReputationService.RegionStatsWait.TotalSeconds,
        Shards = regions
            .SelectMany(r => r.Shards.Select(s => (Shard: s.Key, Entities: (int?)s.Value, r.Address))
                .Concat(r.FailedShards.Select(f => (Shard: f, Entities: (int?)null, r.Address))))
            .OrderBy(s => s.Shard)
            .Select(s => new { s.Shard, s.Entities, s.Address, Node = NameOf(cluster, s.Address) }),
        Unanswered = Unanswered(regions, cluster),
        Writers = writers.OrderBy(w => w.Shard).Select(Writer),
    };

    /// <summary>One of this node's store writers (<c>GET /api/shards</c> lists them in the shape older ctl reads).</summary>
    public static object Writer(ShardStats s) => new
    {
        Writer = s.Shard,
        s.Pending,
        s.WriteInFlight,
        s.Batches,
        s.VerdictsIn,
        s.VerdictsPerSecond,
        s.LastWrite,
    };

    /// <summary>Members that should host a region but are not in the answer (Akka leaves them out when they did not answer in time).</summary>
    private static IEnumerable<string> Unanswered(IReadOnlyList<RegionStats> regions, ClusterState cluster) =>
        cluster.Members.Where(m => HostingStatuses.Contains(m.Status) && regions.All(r => r.Address != m.Address)).Select(m => m.Address);

    private static string? NameOf(ClusterState cluster, string address) => cluster.Members.FirstOrDefault(m => m.Address == address)?.Name;
}
