namespace ActorTrap.Node.Reputation.Sharding;

/// <summary>One member's shard region of the reputation entities, as Akka.Cluster.Sharding reports it.</summary>
/// <param name="Address">The member's Akka address.</param>
/// <param name="Shards">Shard number → entities running in it there (addresses, and the shard's intake while it runs).</param>
/// <param name="FailedShards">Shards of the region that did not answer it in time (their entities are not counted).</param>
public sealed record RegionStats(string Address, IReadOnlyDictionary<int, int> Shards, IReadOnlyList<int> FailedShards)
{
    public int Entities => Shards.Values.Sum();
}
