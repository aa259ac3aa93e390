using System.Net;
using ActorTrap.Node.Reputation.Scoring;

namespace ActorTrap.Node.Reputation.Shards;

/// <summary>Write whatever is pending now; the reply is <see cref="Flushed"/> once nothing is pending or in flight (to the store or the spool).</summary>
public sealed record FlushShard
{
    public static readonly FlushShard Instance = new();
}

public sealed record Flushed(int Shard);

/// <summary>Ask a shard; the reply is <see cref="ShardStats"/>.</summary>
public sealed record GetShardStats
{
    public static readonly GetShardStats Instance = new();
}

/// <param name="Pending">Addresses with evidence not yet written.</param>
/// <param name="Recent">Addresses held in memory with their last merged state.</param>
/// <param name="WriteInFlight">A merge is running.</param>
/// <param name="LastWrite">When this shard's last merge completed (node clock); null before the first.</param>
/// <param name="VerdictsPerSecond">Verdicts taken per second over the last 10 whole seconds.</param>
public sealed record ShardStats(int Shard, int Pending, int Recent, bool WriteInFlight, long Batches, long VerdictsIn, DateTimeOffset? LastWrite = null,
    double VerdictsPerSecond = 0);

internal sealed record FlushTick
{
    public static readonly FlushTick Instance = new();
}

internal sealed record BatchWritten(IReadOnlyList<EvidenceDelta> Batch, IReadOnlyList<MergeResult> Results, long StartedAt);

internal sealed record BatchFailed(IReadOnlyList<EvidenceDelta> Batch, Exception Error);

/// <summary>Tells the replayer the spool has work.</summary>
internal sealed record SpoolHasWork
{
    public static readonly SpoolHasWork Instance = new();
}
