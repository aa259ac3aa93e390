using ActorTrap.Node.Configuration;
using ActorTrap.Node.Reputation.Blacklist;
using ActorTrap.Node.Reputation.Scoring;
using ActorTrap.Node.Reputation.Spool;
using ActorTrap.Node.Reputation.Store;
using Microsoft.Extensions.Logging;

namespace ActorTrap.Node.Reputation.Shards;

/// <summary>What every shard and the replayer of one node share.</summary>
internal sealed record ShardContext(
    IReputationStore Store,
    DiskSpool Spool,
    LocalBlacklist Blacklist,
    ReputationCounters Counters,
    ReputationOptions Options,
    ScoringOptions Scoring,
    ILogger Logger)
{
    /// <summary>Brings this node's blacklist copy in line with a merge's outcome (the local writer's part; other nodes hear it by NOTIFY).</summary>
    public void Apply(IReadOnlyList<MergeResult> results, DateTimeOffset now)
    {
        foreach (var result in results)
        {
            var record = result.Record;
            if (record.IsListedAt(now))
            {
                Blacklist.Apply(record.ToListing());
                if (result.NewlyListed)
                {
                    Counters.ListedOne();
                    Log.Listed(Logger, record.Address.ToString(), record.Class.ToString(), record.Score, string.Join(' ', record.Reasons));
                }
            }
            else if (Blacklist.HasScored(record.Address))
            {
                Blacklist.Remove(record.Address);
            }
        }
    }

    /// <summary>Puts a batch the store could not take into the spool; evidence is dropped only when the spool is full.</summary>
    public void SpoolBatch(IReadOnlyList<EvidenceDelta> batch)
    {
        var dropped = Spool.Append(batch);
        Counters.Spooled(batch.Count);
        if (dropped > 0)
        {
            Counters.Dropped(dropped);
            Log.SpoolDropped(Logger, dropped, Spool.DroppedDeltas);
        }
    }

    public void StoreFailed(Exception error)
    {
        if (Counters.StoreError())
        {
            if (error is StoreUnavailableException or OperationCanceledException or TimeoutException)
            {
                Log.StoreUnreachable(Logger, error.Message);
            }
            else
            {
                Log.StoreFailed(Logger, error.GetType().Name + ": " + error.Message);
            }
        }
    }
}
