namespace ActorTrap.ClusterBench;

/// <param name="Binary">The <c>actortrap</c> executable (src/ActorTrap.Cli/bin/Release/net10.0/actortrap).</param>
/// <param name="Victim">"chores": the member hosting the singletons (the oldest: the chores and the shard coordinator); "other": another.</param>
/// <param name="Rate">Feed lines per second to each survivor.</param>
/// <param name="Warm">Streaming before the kill.</param>
/// <param name="Limit">Longest wait after the kill for every shard to answer again.</param>
/// <param name="Shards">actortrap.reputation.shards (the shipped 32).</param>
/// <param name="Settings">More <c>--set</c> settings for every node (none for the shipped defaults).</param>
internal sealed record RecoveryPlan(string Binary, string Victim, int Rate, TimeSpan Warm, TimeSpan Limit, int Shards, IReadOnlyList<string> Settings);
